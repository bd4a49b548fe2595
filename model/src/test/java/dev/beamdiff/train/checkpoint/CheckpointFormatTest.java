package dev.beamdiff.train.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class CheckpointFormatTest {

  @Test
  void roundTripsBitForBit() throws IOException {
    Checkpoint c = CheckpointFixtures.checkpoint(1234, 7);
    Checkpoint back = CheckpointFormat.read(new ByteArrayInputStream(bytes(c)), "mem");
    assertThat(back.progress()).isEqualTo(c.progress());
    assertThat(back.configJson()).isEqualTo(c.configJson());
    assertThat(back.weights()).isEqualTo(c.weights());
    assertThat(back.emaWeights()).isEqualTo(c.emaWeights());
    assertThat(back.optimizer()).isEqualTo(c.optimizer());
    assertThat(back.weights().names()).containsExactly("conv_weight", "conv_bias");
  }

  @Test
  void readsTheConfigAlone() throws IOException {
    Checkpoint c = CheckpointFixtures.checkpoint(9, 3);
    assertThat(CheckpointFormat.readConfigJson(new ByteArrayInputStream(bytes(c)), "mem"))
        .isEqualTo(c.configJson());
    assertThatThrownBy(
            () -> CheckpointFormat.readConfigJson(new ByteArrayInputStream(new byte[64]), "x.bin"))
        .hasMessageContaining("x.bin: not a BeamDiff checkpoint");
  }

  @Test
  void isAZipOfNpyFilesAndJson() throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream zip =
        new ZipInputStream(new ByteArrayInputStream(bytes(CheckpointFixtures.checkpoint(5, 1))))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    assertThat(names)
        .startsWith("checkpoint.json", "config.json")
        .contains("weights/conv_weight.npy", "ema/conv_bias.npy", "adam_m/conv_weight.npy")
        .contains("adam_v/conv_bias.npy")
        .hasSize(10);
  }

  @Test
  void aFlippedByteIsAnError() throws IOException {
    byte[] b = bytes(CheckpointFixtures.checkpoint(5, 1));
    b[b.length / 2] ^= 0x10;
    assertThatThrownBy(() -> CheckpointFormat.read(new ByteArrayInputStream(b), "bad.ckpt"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.ckpt");
  }

  /** Any cut that loses data fails (the tensor counts in the header catch whole lost entries). */
  @Test
  void aTruncatedFileIsAnError() throws IOException {
    byte[] full = bytes(CheckpointFixtures.checkpoint(5, 1));
    for (int cut : new int[] {10, 400, full.length / 3, 2 * full.length / 3}) {
      byte[] b = Arrays.copyOf(full, cut);
      assertThatThrownBy(() -> CheckpointFormat.read(new ByteArrayInputStream(b), "cut.ckpt"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cut.ckpt");
    }
  }

  @Test
  void anotherFileIsNotACheckpoint() {
    assertThatThrownBy(
            () -> CheckpointFormat.read(new ByteArrayInputStream(new byte[100]), "x.bin"))
        .hasMessageContaining("x.bin");
  }

  static byte[] bytes(Checkpoint c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointFormat.write(c, out);
    return out.toByteArray();
  }
}
