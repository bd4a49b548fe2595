package dev.beamdiff.transforms.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the numpy/scipy reference cases written by tools/fixtures/make_metric_fixtures.py. */
final class MetricFixtures {
  private MetricFixtures() {}

  static List<JsonObject> cases(String name) {
    String resource = "/fixtures/metrics/" + name + ".json";
    try (InputStream in = MetricFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test fixture " + resource);
      }
      JsonObject root =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject();
      List<JsonObject> cases = new ArrayList<>();
      root.getAsJsonArray("cases").forEach(c -> cases.add(c.getAsJsonObject()));
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[] doubles(JsonObject c, String field) {
    JsonArray array = c.getAsJsonArray(field);
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).getAsDouble();
    }
    return values;
  }

  static float[] floats(JsonObject c, String field) {
    double[] values = doubles(c, field);
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
      if (out[i] != values[i]) {
        throw new IllegalStateException(field + "[" + i + "] is not a float32 value");
      }
    }
    return out;
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) of a row-major batch. */
  static FeatureBatch slice(FeatureBatch batch, int from, int to) {
    int d = batch.dimension();
    float[] values = new float[(to - from) * d];
    System.arraycopy(batch.values(), from * d, values, 0, values.length);
    return new FeatureBatch(to - from, d, values);
  }
}
