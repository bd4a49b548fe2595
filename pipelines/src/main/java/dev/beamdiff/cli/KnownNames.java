package dev.beamdiff.cli;

import dev.beamdiff.diffusion.loss.LossWeightings;
import dev.beamdiff.diffusion.prediction.PredictionTransforms;
import dev.beamdiff.diffusion.sampling.Samplers;
import dev.beamdiff.diffusion.schedule.NoiseSchedules;
import dev.beamdiff.nn.unet.UNetConfig;
import java.util.Iterator;

/**
 * The names the diffusion core and the UNet accept, for option help texts ({@code
 * ${COMPLETION-CANDIDATES}}), so the lists shown never go stale.
 */
final class KnownNames {
  private KnownNames() {}

  static final class Networks implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return UNetConfig.names().iterator();
    }
  }

  static final class Schedules implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return NoiseSchedules.names().iterator();
    }
  }

  static final class Predictions implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return PredictionTransforms.names().iterator();
    }
  }

  static final class Weightings implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return LossWeightings.names().iterator();
    }
  }

  static final class SamplerNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Samplers.names().iterator();
    }
  }

  static final class Spacings implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Samplers.spacingNames().iterator();
    }
  }
}
