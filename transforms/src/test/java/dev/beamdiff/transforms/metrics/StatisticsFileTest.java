package dev.beamdiff.transforms.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatisticsFileTest {
  private static final JsonObject EXPECTED = MetricFixtures.cases("npz").get(0);

  private static Path fixture(String name) throws Exception {
    return Path.of(StatisticsFileTest.class.getResource("/fixtures/metrics/" + name).toURI());
  }

  private static FeatureStatistics expectedStatistics(long count) {
    return new FeatureStatistics(
        count, MetricFixtures.doubles(EXPECTED, "mu"), MetricFixtures.doubles(EXPECTED, "sigma"));
  }

  @Test
  void readsCleanFidStatistics() throws Exception {
    StatisticsFile.Contents contents =
        StatisticsFile.read(fixture("clean-fid-style.npz").toString());
    assertThat(contents.statistics().count()).isEqualTo(FeatureStatistics.UNKNOWN_COUNT);
    assertThat(contents.statistics().relativeDifference(expectedStatistics(20))).isZero();
    assertThat(contents.kidSample()).isEmpty();
    assertThat(contents.detector()).isEmpty();
  }

  @Test
  void readsNumpysCompressedArchiveWithEveryField() throws Exception {
    StatisticsFile.Contents contents =
        StatisticsFile.read(fixture("beamdiff-style.npz").toString());
    assertThat(contents.statistics().count()).isEqualTo(20);
    assertThat(contents.statistics().relativeDifference(expectedStatistics(20))).isZero();
    assertThat(contents.detector()).isEqualTo("fmnist");
    assertThat(contents.resizeMode()).isEqualTo("none");
    FeatureBatch kid = contents.kidSample().orElseThrow();
    float[] features = MetricFixtures.floats(EXPECTED, "features");
    assertThat(kid.rows()).isEqualTo(5);
    assertThat(kid.row(4)).containsExactly(java.util.Arrays.copyOfRange(features, 16, 20));
  }

  @Test
  void roundTripsThroughBeamFileSystems(@TempDir Path dir) throws Exception {
    FeatureBatch features = new FeatureBatch(20, 4, MetricFixtures.floats(EXPECTED, "features"));
    FeatureStatistics stats = new FeatureMoments().add(features).statistics();
    String location = dir.resolve("sub/stats.npz").toString();
    Files.createDirectories(dir.resolve("sub"));
    StatisticsFile.write(
        location,
        new StatisticsFile.Contents(
            stats, Optional.of(features), "inception", "clean (Pillow bicubic…) ✓"));
    StatisticsFile.Contents back = StatisticsFile.read(location);
    assertThat(back.statistics().count()).isEqualTo(20);
    assertThat(back.statistics().relativeDifference(stats)).isZero();
    assertThat(back.kidSample()).contains(features);
    assertThat(back.detector()).isEqualTo("inception");
    assertThat(back.resizeMode()).isEqualTo("clean (Pillow bicubic…) ✓");
  }

  @Test
  void explainsMissingAndForeignFiles(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> StatisticsFile.read(dir.resolve("none.npz").toString()))
        .hasMessageContaining("none.npz");
    Path text = Files.writeString(dir.resolve("text.npz"), "hello");
    assertThatThrownBy(() -> StatisticsFile.read(text.toString()))
        .hasMessageContaining("not a .npz statistics file");
  }
}
