package dev.beamdiff.transforms.metrics.detector;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One heavy object (a loaded model) per JVM and key, shared by every DoFn instance that needs it
 * and closed when the last one releases it: Beam Java has no {@code Shared} helper, so this is the
 * reference-counted static holder pattern of Scio's {@code DoFnWithResource}. Acquire in
 * {@code @Setup}, release in {@code @Teardown}.
 */
public final class SharedResource {
  private static final Map<String, Entry> ENTRIES = new HashMap<>();

  private SharedResource() {}

  private static final class Entry {
    final AutoCloseable value;
    int references;

    Entry(AutoCloseable value) {
      this.value = value;
    }
  }

  /** A counted reference to a shared object; closing it releases the reference. */
  public static final class Lease<T extends AutoCloseable> implements AutoCloseable {
    private final String key;
    private final T value;
    private boolean released;

    private Lease(String key, T value) {
      this.key = key;
      this.value = value;
    }

    public T get() {
      if (released) {
        throw new IllegalStateException("shared resource " + key + " was already released");
      }
      return value;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release(key);
      }
    }
  }

  /** The object for {@code key}, created by {@code factory} if no lease on it is open. */
  @SuppressWarnings("unchecked")
  public static synchronized <T extends AutoCloseable> Lease<T> acquire(
      String key, Supplier<T> factory) {
    Entry entry = ENTRIES.get(key);
    if (entry == null) {
      entry = new Entry(factory.get());
      ENTRIES.put(key, entry);
    }
    entry.references++;
    return new Lease<>(key, (T) entry.value);
  }

  /** Open leases on {@code key} (0 once the object is closed). */
  public static synchronized int references(String key) {
    Entry entry = ENTRIES.get(key);
    return entry == null ? 0 : entry.references;
  }

  private static synchronized void release(String key) {
    Entry entry = ENTRIES.get(key);
    if (entry == null) {
      return;
    }
    entry.references--;
    if (entry.references == 0) {
      ENTRIES.remove(key);
      try {
        entry.value.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing shared resource " + key + " failed", e);
      }
    }
  }
}
