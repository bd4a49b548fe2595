package dev.beamdiff.train.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Reads the reference values written by {@code tools/fixtures/train_fixtures.py}. */
final class Fixtures {
  private Fixtures() {}

  static JsonObject json(String name) {
    return dev.beamdiff.diffusion.Fixtures.jsonAt("/fixtures/train/" + name);
  }

  static float[] floats(JsonElement array) {
    JsonArray a = array.getAsJsonArray();
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }

  static long[] longs(JsonElement array) {
    JsonArray a = array.getAsJsonArray();
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }
}
