package dev.beamdiff.cli;

import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.LabeledImages;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beamdiff data <dataset>}: finds or fetches a dataset and prints its statistics. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = {
      "Locate or fetch a dataset and print image counts per split and per class.",
      "Looks in --dir, then the cache (~/.cache/beamdiff), then /usr/share/datasets "
          + "(apt-get install dataset-fashion-mnist), then downloads with SHA-256 checks."
    })
final class DataCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "<dataset>",
      description = "Dataset: fashion-mnist or mnist (MNIST needs --dir).")
  String dataset;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Folder holding the four IDX files (plain or .gz). Default: search as above.")
  Path dir;

  @Override
  public Integer call() {
    IdxDatasetSpec spec = IdxDatasetSpec.named(dataset);
    IdxDataset data = DatasetLocator.defaults().load(spec, Optional.ofNullable(dir));
    print(data, System.out);
    return 0;
  }

  /** Prints the per-split and per-class counts of {@code data}. */
  static void print(IdxDataset data, PrintStream out) {
    LabeledImages train = data.train();
    LabeledImages test = data.test();
    out.printf("%s in %s (%s)%n", data.spec().displayName(), data.dir(), data.source());
    out.printf("%-6s %8s  %s%n", "split", "images", "image size");
    out.printf(
        "%-6s %8d  %dx%dx%d%n",
        "train", train.count(), train.height(), train.width(), train.channels());
    out.printf(
        "%-6s %8d  %dx%dx%d%n", "test", test.count(), test.height(), test.width(), test.channels());
    out.println();
    out.printf("%-3s %-14s %8s %8s%n", "id", "class", "train", "test");
    int[] trainCounts = train.classCounts();
    int[] testCounts = test.classCounts();
    for (int c = 0; c < trainCounts.length; c++) {
      out.printf(
          "%-3d %-14s %8d %8d%n", c, train.classNames().get(c), trainCounts[c], testCounts[c]);
    }
  }
}
