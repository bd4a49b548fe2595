package dev.beamdiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code beamdiff} command line: one subcommand per job. */
@Command(
    name = "beamdiff",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description =
        "Diffusion models on the JVM: train, sample, and run data and evaluation pipelines.",
    subcommands = {
      QuickstartCommand.class,
      DataCommand.class,
      PreprocessCommand.class,
      TrainCommand.class,
      SampleCommand.class,
      GenerateCommand.class,
      EvaluateCommand.class,
      TrainClassifierCommand.class,
      TutorialCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class BeamDiff implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the configured command line (shared by {@link #main} and tests). */
  public static CommandLine commandLine() {
    return new CommandLine(new BeamDiff())
        .setExecutionExceptionHandler(new ErrorReporter())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    Runtime.init();
    System.exit(commandLine().execute(args));
  }
}
