package dev.beamdiff.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution order, checksum verification and downloads, on a tiny synthetic dataset. */
class DatasetLocatorTest {
  @TempDir Path tmp;

  private final Map<String, byte[]> served = new HashMap<>();
  private HttpServer server;
  private IdxDatasetSpec spec;
  private Map<String, byte[]> files;

  @BeforeEach
  void setUp() throws IOException {
    files = tinyDataset();
    Map<String, String> sums = new HashMap<>();
    for (var e : files.entrySet()) {
      sums.put(e.getKey(), ContentChecksum.sha256(gunzipForTest(e.getValue())));
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = served.get(exchange.getRequestURI().getPath().substring(1));
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    spec =
        new IdxDatasetSpec(
            "tiny",
            "Tiny",
            List.of("a", "b", "c"),
            "http://127.0.0.1:" + server.getAddress().getPort() + "/",
            tmp.resolve("system").toString(),
            sums);
  }

  @AfterEach
  void tearDown() {
    server.stop(0);
  }

  @Test
  void downloadsVerifiesAndCachesWhenNothingLocal() {
    served.putAll(files);
    DatasetLocator locator = new DatasetLocator(tmp.resolve("cache"), new HttpFetcher());

    IdxDataset data = locator.load(spec, Optional.empty());

    assertThat(data.source()).startsWith("downloaded");
    assertThat(data.train().count()).isEqualTo(6);
    assertThat(data.test().classCounts()).containsExactly(1, 1, 1);
    // Second time: served from the cache, no network.
    served.clear();
    assertThat(locator.locate(spec, Optional.empty()).description()).isEqualTo("cache");
  }

  @Test
  void rejectsDownloadWithWrongChecksumAndLeavesNothingBehind() throws IOException {
    served.putAll(files);
    served.put(IdxDatasetSpec.TEST_LABELS, gzip(idx1(new byte[] {0, 0, 0})));
    DatasetLocator locator = new DatasetLocator(tmp.resolve("cache"), new HttpFetcher());

    assertThatThrownBy(() -> locator.locate(spec, Optional.empty()))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining(IdxDatasetSpec.TEST_LABELS)
        .hasMessageContaining("SHA-256");
    Path cache = locator.cacheDir(spec);
    assertThat(cache.resolve(IdxDatasetSpec.TEST_LABELS)).doesNotExist();
    assertThat(cache.resolve(IdxDatasetSpec.TEST_LABELS + ".part")).doesNotExist();
  }

  @Test
  void failedDownloadSaysHowToProceedOffline() {
    DatasetLocator locator = new DatasetLocator(tmp.resolve("cache"), new HttpFetcher());

    assertThatThrownBy(() -> locator.locate(spec, Optional.empty()))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("apt-get install")
        .hasMessageContaining("--dir");
  }

  @Test
  void prefersSystemPackageFolderOverDownload() throws IOException {
    Path system = write(tmp.resolve("system"), files);
    DatasetLocator locator = new DatasetLocator(tmp.resolve("cache"), (s, t) -> fail());

    DatasetLocation located = locator.locate(spec, Optional.empty());

    assertThat(located.dir()).isEqualTo(system);
    assertThat(located.description()).isEqualTo("system package");
  }

  @Test
  void explicitFolderWinsAndMayHoldUncompressedFiles() throws IOException {
    write(tmp.resolve("system"), files);
    Path mine = tmp.resolve("mine");
    Files.createDirectories(mine);
    for (var e : files.entrySet()) {
      String plain = e.getKey().replace(".gz", "");
      Files.write(mine.resolve(plain), gunzipForTest(e.getValue()));
    }
    DatasetLocator locator = new DatasetLocator(tmp.resolve("cache"), (s, t) -> fail());

    IdxDataset data = locator.load(spec, Optional.of(mine));

    assertThat(data.dir()).isEqualTo(mine);
    assertThat(data.train().classCounts()).containsExactly(2, 2, 2);
  }

  @Test
  void explicitFolderMissingFilesIsAnError() throws IOException {
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    DatasetLocator locator = new DatasetLocator(tmp.resolve("cache"), (s, t) -> fail());

    assertThatThrownBy(() -> locator.locate(spec, Optional.of(mine)))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining(mine.toString())
        .hasMessageContaining("missing");
  }

  @Test
  void corruptedLocalFileFailsTheChecksumNamingIt() throws IOException {
    Map<String, byte[]> bad = new HashMap<>(files);
    byte[] labels = gunzipForTest(files.get(IdxDatasetSpec.TRAIN_LABELS));
    labels[labels.length - 1] = 0; // still a valid label, but not the published file
    bad.put(IdxDatasetSpec.TRAIN_LABELS, gzip(labels));
    Path system = write(tmp.resolve("system"), bad);
    DatasetLocator locator = new DatasetLocator(tmp.resolve("cache"), (s, t) -> fail());

    assertThatThrownBy(() -> locator.load(spec, Optional.empty()))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining(system.resolve(IdxDatasetSpec.TRAIN_LABELS).toString())
        .hasMessageContaining("SHA-256");
  }

  @Test
  void imageAndLabelCountMismatchNamesBothFiles() throws IOException {
    Map<String, byte[]> bad = new HashMap<>(files);
    bad.put(IdxDatasetSpec.TEST_LABELS, gzip(idx1(new byte[] {0, 1})));
    Path dir = write(tmp.resolve("odd"), bad);
    IdxDatasetSpec unchecked =
        new IdxDatasetSpec("tiny", "Tiny", spec.classNames(), "", null, Map.of());
    DatasetLocator locator = new DatasetLocator(tmp.resolve("cache"), (s, t) -> fail());

    assertThatThrownBy(() -> locator.load(unchecked, Optional.of(dir)))
        .hasMessageContaining(IdxDatasetSpec.TEST_LABELS)
        .hasMessageContaining(IdxDatasetSpec.TEST_IMAGES)
        .hasMessageContaining("2 labels but");
  }

  @Test
  void labelOutsideTheClassesIsAnError() throws IOException {
    Map<String, byte[]> bad = new HashMap<>(files);
    bad.put(IdxDatasetSpec.TEST_LABELS, gzip(idx1(new byte[] {0, 1, 7})));
    Path dir = write(tmp.resolve("odd"), bad);
    IdxDatasetSpec unchecked =
        new IdxDatasetSpec("tiny", "Tiny", spec.classNames(), "", null, Map.of());
    DatasetLocator locator = new DatasetLocator(tmp.resolve("cache"), (s, t) -> fail());

    assertThatThrownBy(() -> locator.load(unchecked, Optional.of(dir)))
        .hasMessageContaining("label 7 at index 2");
  }

  private static void fail() {
    throw new AssertionError("must not download");
  }

  private static Path write(Path dir, Map<String, byte[]> content) throws IOException {
    Files.createDirectories(dir);
    for (var e : content.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
    return dir;
  }

  /** 6 train and 3 test 2×2 images in 3 classes. */
  private static Map<String, byte[]> tinyDataset() throws IOException {
    Map<String, byte[]> m = new HashMap<>();
    m.put(IdxDatasetSpec.TRAIN_IMAGES, gzip(idx3(6, 2, 2)));
    m.put(IdxDatasetSpec.TRAIN_LABELS, gzip(idx1(new byte[] {0, 1, 2, 0, 1, 2})));
    m.put(IdxDatasetSpec.TEST_IMAGES, gzip(idx3(3, 2, 2)));
    m.put(IdxDatasetSpec.TEST_LABELS, gzip(idx1(new byte[] {2, 1, 0})));
    return m;
  }

  private static byte[] idx3(int n, int h, int w) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000803);
    out.writeInt(n);
    out.writeInt(h);
    out.writeInt(w);
    for (int i = 0; i < n * h * w; i++) {
      out.writeByte(i * 13);
    }
    return bytes.toByteArray();
  }

  private static byte[] idx1(byte[] labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000801);
    out.writeInt(labels.length);
    out.write(labels);
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  private static byte[] gunzipForTest(byte[] gz) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }
}
