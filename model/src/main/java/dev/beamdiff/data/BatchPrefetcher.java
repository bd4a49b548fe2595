package dev.beamdiff.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Prepares batches on a background thread while the training thread computes: batches {@code first,
 * first+1, …} of a {@link ShuffledBatches} stream, at most {@code depth} ahead.
 */
public final class BatchPrefetcher implements AutoCloseable {
  private final BlockingQueue<Object> queue;
  private final Thread worker;
  private volatile boolean closed;

  public BatchPrefetcher(ShuffledBatches batches, long first, int depth) {
    this.queue = new ArrayBlockingQueue<>(Math.max(1, depth));
    this.worker =
        new Thread(
            () -> {
              try {
                for (long k = first; !closed; k++) {
                  queue.put(batches.batch(k));
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                queue.offer(e);
              }
            },
            "batch-prefetch");
    worker.setDaemon(true);
    worker.start();
  }

  /** The next batch, in order; rethrows a failure of the loader thread. */
  public ShuffledBatches.Batch next() {
    try {
      Object item = queue.take();
      if (item instanceof RuntimeException e) {
        throw new IllegalStateException("loading a training batch failed: " + e.getMessage(), e);
      }
      return (ShuffledBatches.Batch) item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
  }
}
