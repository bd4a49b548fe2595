package dev.beamdiff.diffusion;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the reference files made by {@code tools/fixtures/diffusion_core.py} from {@code
 * src/test/resources/fixtures/diffusion-core/}.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The JSON object in {@code fixtures/diffusion-core/<name>}. */
  public static JsonObject json(String name) {
    return jsonAt("/fixtures/diffusion-core/" + name);
  }

  /** The JSON object in the test resource at {@code path}. */
  public static JsonObject jsonAt(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test fixture " + path);
      }
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON array of numbers as doubles. */
  public static double[] doubles(com.google.gson.JsonArray array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).getAsDouble();
    }
    return values;
  }
}
