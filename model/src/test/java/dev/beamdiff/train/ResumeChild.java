package dev.beamdiff.train;

import java.nio.file.Path;

/**
 * The process the kill-and-resume test starts and kills: trains {@link TinyRun} and, once the
 * checkpoint of step {@code pauseAt} is written, announces it and waits to be killed.
 *
 * <p>Arguments: output folder, checkpoint folder, total steps, checkpoint interval, pause step.
 */
public final class ResumeChild {
  private ResumeChild() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path checkpoints = Path.of(args[1]);
    long total = Long.parseLong(args[2]);
    long every = Long.parseLong(args[3]);
    long pauseAt = Long.parseLong(args[4]);
    TrainingListener pause =
        new TrainingListener() {
          @Override
          public void onCheckpoint(long step, String location) {
            if (step == pauseAt) {
              System.out.println("CHECKPOINTED " + step);
              System.out.flush();
              try {
                Thread.sleep(Long.MAX_VALUE);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    try (DiffusionTrainer trainer =
        DiffusionTrainer.start(
            TinyRun.config(total, every), TinyRun.dataset(), TinyRun.store(checkpoints), out)) {
      trainer.run(pause);
    }
    System.out.println("FINISHED");
  }
}
