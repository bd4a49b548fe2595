package dev.beamdiff.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads the reference fixtures written by {@code tools/fixtures/make_nn_fixtures.py}. */
public final class NpzFixture {
  private NpzFixture() {}

  /** Returns the arrays of an {@code .npz} resource by name, attached to {@code manager}. */
  public static Map<String, NDArray> load(NDManager manager, String resource) {
    try (InputStream in = open(resource)) {
      NDList list = NDList.decode(manager, in);
      Map<String, NDArray> byName = new HashMap<>();
      for (NDArray array : list) {
        byName.put(array.getName(), array);
      }
      return byName;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a text resource. */
  public static String text(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = NpzFixture.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + resource);
    }
    return in;
  }
}
