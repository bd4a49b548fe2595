package dev.beamdiff.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShuffledBatchesTest {
  /** 10 one-pixel-wide images whose pixel value encodes their index. */
  private static DiffusionDataset indexed(int n, int width) {
    byte[] pixels = new byte[n * width];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int x = 0; x < width; x++) {
        pixels[i * width + x] = (byte) (i * 10 + x);
      }
      labels[i] = i % 2;
    }
    return new InMemoryImageDataset(
        new LabeledImages(n, 1, width, 1, pixels, labels, List.of("even", "odd")));
  }

  private static int decode(float value) {
    return Math.round((value + 1f) * 127.5f);
  }

  @Test
  void everyEpochVisitsEveryIndexOnceInANewOrder() {
    ShuffledBatches batches = new ShuffledBatches(indexed(10, 1), 5, 42, false);
    Set<Integer> epoch0 = new HashSet<>();
    Set<Integer> epoch1 = new HashSet<>();
    StringBuilder order0 = new StringBuilder();
    StringBuilder order1 = new StringBuilder();
    for (int p = 0; p < 10; p++) {
      epoch0.add(batches.indexAt(p));
      order0.append(batches.indexAt(p)).append(',');
      epoch1.add(batches.indexAt(10 + p));
      order1.append(batches.indexAt(10 + p)).append(',');
    }
    assertThat(epoch0).hasSize(10);
    assertThat(epoch1).hasSize(10);
    assertThat(order0.toString()).isNotEqualTo(order1.toString());
  }

  @Test
  void batchContentIsAPureFunctionOfSeedAndNumber() {
    ShuffledBatches a = new ShuffledBatches(indexed(10, 3), 4, 7, true);
    ShuffledBatches b = new ShuffledBatches(indexed(10, 3), 4, 7, true);
    b.batch(0); // different history must not matter
    assertThat(a.batch(5).images()).isEqualTo(b.batch(5).images());
    assertThat(a.batch(5).labels()).isEqualTo(b.batch(5).labels());
    assertThat(new ShuffledBatches(indexed(10, 3), 4, 8, true).batch(5).images())
        .isNotEqualTo(a.batch(5).images());
  }

  @Test
  void labelsAndPixelsStayTogetherAndFlipsReverseRows() {
    ShuffledBatches batches = new ShuffledBatches(indexed(10, 3), 10, 3, true);
    ShuffledBatches.Batch batch = batches.batch(0);
    int flipped = 0;
    for (int i = 0; i < 10; i++) {
      int index = batches.indexAt(i);
      int first = decode(batch.images()[i * 3]);
      int last = decode(batch.images()[i * 3 + 2]);
      assertThat(batch.labels()[i]).isEqualTo(index % 2);
      if (first == index * 10 + 2) {
        assertThat(last).isEqualTo(index * 10);
        flipped++;
      } else {
        assertThat(first).isEqualTo(index * 10);
        assertThat(last).isEqualTo(index * 10 + 2);
      }
    }
    assertThat(flipped).isBetween(1, 9);
  }

  @Test
  void prefetcherYieldsTheSameBatchesInOrder() {
    ShuffledBatches batches = new ShuffledBatches(indexed(10, 2), 3, 11, true);
    try (BatchPrefetcher prefetcher = new BatchPrefetcher(batches, 4, 2)) {
      for (long k = 4; k < 12; k++) {
        ShuffledBatches.Batch got = prefetcher.next();
        assertThat(got.number()).isEqualTo(k);
        assertThat(got.images()).isEqualTo(batches.batch(k).images());
      }
    }
  }

  @Test
  void convertsBytesToModelRange() {
    DiffusionDataset data =
        new InMemoryImageDataset(
            new LabeledImages(
                1, 1, 2, 3, new byte[] {0, (byte) 255, 51, 1, 2, 3}, new int[] {-1}, List.of()));
    float[] out = new float[6];
    assertThat(data.read(0, out, 0)).isEqualTo(-1);
    // CHW: red plane (0, 1), green plane (255, 2), blue plane (51, 3).
    assertThat(out[0]).isEqualTo(-1f);
    assertThat(out[2]).isEqualTo(1f);
    assertThat(out[4]).isEqualTo(51 / 127.5f - 1f);
  }
}
