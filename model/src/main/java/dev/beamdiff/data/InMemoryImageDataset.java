package dev.beamdiff.data;

import java.util.List;

/** A {@link DiffusionDataset} over images held in memory as bytes (IDX splits, Avro shards). */
public final class InMemoryImageDataset implements DiffusionDataset {
  private final LabeledImages images;

  public InMemoryImageDataset(LabeledImages images) {
    if (images.count() == 0) {
      throw new IllegalArgumentException("dataset is empty: expected at least one image");
    }
    this.images = images;
  }

  @Override
  public int size() {
    return images.count();
  }

  @Override
  public int channels() {
    return images.channels();
  }

  @Override
  public int height() {
    return images.height();
  }

  @Override
  public int width() {
    return images.width();
  }

  @Override
  public List<String> classNames() {
    return images.classNames();
  }

  /** Converts HWC bytes to CHW floats in [−1, 1]. */
  @Override
  public int read(int index, float[] dst, int offset) {
    int c = images.channels();
    int plane = images.height() * images.width();
    int src = index * images.imageSize();
    byte[] pixels = images.pixels();
    for (int p = 0; p < plane; p++) {
      for (int ch = 0; ch < c; ch++) {
        dst[offset + ch * plane + p] = (pixels[src + p * c + ch] & 0xFF) / 127.5f - 1f;
      }
    }
    return images.labels()[index];
  }
}
