package dev.beamdiff.diffusion.sampling;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import java.util.List;

/** Where the N sampling steps sit along a schedule. */
@FunctionalInterface
public interface StepSpacing {

  /**
   * The {@code steps} starting levels of the steps, noisiest first, without the final clean level
   * (which {@link SamplingGrid#of} appends).
   */
  List<NoiseLevel> levels(NoiseSchedule schedule, int steps);
}
