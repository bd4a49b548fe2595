package dev.beamdiff.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd off on the current thread for a scope, restoring it afterwards.
 * PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that
 * starts the engine. On any other thread (Beam worker threads, executors) loading a checkpoint
 * fails ("a leaf Variable that requires grad is being used in an in-place operation") and network
 * calls would record graphs, so such threads enter this mode before touching a model.
 */
public final class InferenceMode implements AutoCloseable {
  private final boolean previous;

  private InferenceMode() {
    Engine.getInstance(); // loads libtorch before the first JNI call
    this.previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
  }

  /** Enters inference mode on this thread until {@link #close()}. */
  public static InferenceMode enter() {
    return new InferenceMode();
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
