package dev.beamdiff.transforms.image;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference fixtures written by {@code tools/fixtures/make_pillow_fixtures.py}: an index
 * ({@code cases.json}) and raw little-endian arrays, read from the test classpath.
 */
public final class PillowFixtures {
  private static final String ROOT = "/fixtures/pillow/";

  private PillowFixtures() {}

  /** The cases of one {@code kind} ("resize", "fit" or "decode"). */
  public static List<JsonObject> cases(String kind) {
    JsonObject index;
    try (InputStream in = open("cases.json")) {
      index =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<JsonObject> cases = new ArrayList<>();
    for (JsonElement e : index.getAsJsonArray("cases")) {
      if (e.getAsJsonObject().get("kind").getAsString().equals(kind)) {
        cases.add(e.getAsJsonObject());
      }
    }
    if (cases.isEmpty()) {
      throw new IllegalStateException("no '" + kind + "' cases in " + ROOT + "cases.json");
    }
    return cases;
  }

  /** The bytes of fixture file {@code relative}. */
  public static byte[] bytes(String relative) {
    try (InputStream in = open(relative)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fixture file {@code relative} as little-endian float32 values. */
  public static float[] floats(String relative) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes(relative)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(values);
    return values;
  }

  private static InputStream open(String relative) {
    InputStream in = PillowFixtures.class.getResourceAsStream(ROOT + relative);
    if (in == null) {
      throw new IllegalStateException(
          "missing fixture "
              + ROOT
              + relative
              + "; regenerate with python3 tools/fixtures/make_pillow_fixtures.py");
    }
    return in;
  }
}
