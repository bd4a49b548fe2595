package dev.beamdiff.transforms.metrics.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.beamdiff.transforms.metrics.FeatureBatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the TorchScript stand-in for NVIDIA's Inception (tools/fixtures/make_inception_standin.py,
 * exported by Python torch 2.13) in DJL's libtorch 2.7.1 and checks its features against the values
 * Python computed.
 */
@Tag("slow")
class InceptionDetectorTest {

  static Path standIn() throws URISyntaxException {
    return Path.of(
        InceptionDetectorTest.class.getResource("/fixtures/inception-standin.pt").toURI());
  }

  /** The fixture's test images: x[b, c, h, w] = (7b + 13c + 3h + 5w) mod 256. */
  static float[] referenceImages(int count) {
    int n = InceptionDetector.INPUT.height();
    float[] images = new float[count * 3 * n * n];
    int i = 0;
    for (int b = 0; b < count; b++) {
      for (int c = 0; c < 3; c++) {
        for (int h = 0; h < n; h++) {
          for (int w = 0; w < n; w++) {
            images[i++] = (7 * b + 13 * c + 3 * h + 5 * w) % 256;
          }
        }
      }
    }
    return images;
  }

  @Test
  void featuresMatchPythonTorch() throws Exception {
    JsonArray expected;
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/inception-standin-expected.json")) {
      JsonObject root =
          JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getAsJsonObject();
      expected = root.getAsJsonArray("features");
    }
    try (InceptionDetector detector = InceptionDetector.open(standIn())) {
      FeatureBatch features = detector.extract(referenceImages(2), 2);
      assertThat(features.rows()).isEqualTo(2);
      assertThat(features.dimension()).isEqualTo(2048);
      double maxError = 0;
      double maxValue = 0;
      for (int b = 0; b < 2; b++) {
        JsonArray row = expected.get(b).getAsJsonArray();
        for (int j = 0; j < 2048; j++) {
          double want = row.get(j).getAsDouble();
          maxValue = Math.max(maxValue, Math.abs(want));
          maxError = Math.max(maxError, Math.abs(features.get(b, j) - want));
        }
      }
      assertThat(maxValue).isGreaterThan(0.01);
      assertThat(maxError).isLessThan(1e-5 * maxValue);
    }
  }

  @Test
  void sharesOneModelAcrossInstances() throws Exception {
    String key = "inception:" + standIn().toAbsolutePath().normalize();
    try (InceptionDetector first = InceptionDetector.open(standIn());
        InceptionDetector second = InceptionDetector.open(standIn())) {
      assertThat(SharedResource.references(key)).isEqualTo(2);
      assertThat(second.extract(referenceImages(1), 1))
          .isEqualTo(first.extract(referenceImages(1), 1));
    }
    assertThat(SharedResource.references(key)).isZero();
  }

  @Test
  void explainsAMissingOrInvalidModelFile(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> InceptionDetector.open(dir.resolve("inception-2015-12-05.pt")))
        .hasMessageContaining("is not a file")
        .hasMessageContaining("inception-2015-12-05.pt");
    Path garbage = Files.writeString(dir.resolve("garbage.pt"), "not a model");
    assertThatThrownBy(() -> InceptionDetector.open(garbage))
        .hasMessageContaining("cannot load")
        .hasMessageContaining("TorchScript");
  }
}
