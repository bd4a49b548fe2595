package dev.beamdiff.cli;

import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code beamdiff quickstart}: the end-to-end job on the embedded default dataset. */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = "Run the main job on Fashion-MNIST: fetch the data and print its statistics.")
final class QuickstartCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    IdxDataset data =
        DatasetLocator.defaults().load(IdxDatasetSpec.FASHION_MNIST, Optional.empty());
    DataCommand.print(data, System.out);
    return 0;
  }
}
