package dev.beamdiff.cli;

import dev.beamdiff.pipelines.PipelineOptionProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Command-line options made from a Beam {@link PipelineOptions} interface, so a command and its
 * pipeline share one definition: each property declared by the interface becomes {@code --name}
 * with its {@link Description}, its {@link Default} shown in the help and {@link
 * Validation.Required} enforced. Parsed values go back to Beam as {@code --name=value}.
 */
final class PipelineOptionsCli {
  private PipelineOptionsCli() {}

  /** Adds one option per property of {@code options} to {@code spec}. */
  static CommandSpec addOptions(CommandSpec spec, Class<? extends PipelineOptions> options) {
    for (PipelineOptionProperty p : PipelineOptionProperty.of(options)) {
      String help =
          p.description()
              + p.defaultValue()
                  .map(d -> " Default: " + (d.isEmpty() ? "none" : d) + ".")
                  .orElse("");
      OptionSpec.Builder option =
          OptionSpec.builder("--" + p.name())
              .type(p.type())
              .required(p.required())
              .description(help)
              .paramLabel(
                  p.type() == boolean.class ? "true|false" : p.name().toUpperCase(Locale.ROOT));
      if (p.type() == boolean.class) {
        option.arity("0..1").fallbackValue("true");
      }
      spec.addOption(option.build());
    }
    return spec;
  }

  /** {@code --name=value} for each option of {@code options} given on the command line. */
  static List<String> arguments(ParseResult parsed, Class<? extends PipelineOptions> options) {
    List<String> args = new ArrayList<>();
    for (PipelineOptionProperty p : PipelineOptionProperty.of(options)) {
      OptionSpec option = parsed.matchedOption("--" + p.name());
      if (option != null) {
        args.add("--" + p.name() + "=" + option.getValue());
      }
    }
    return args;
  }

  /**
   * The pipeline options of a parsed command: its {@code options} properties, {@code --runner} and
   * the runner's own options passed through. On the DirectRunner its checks of user code
   * (immutability, encodability: they re-encode every element, 3–7× slower) are off unless given;
   * the tests keep them on. The run does not block, so the command can show progress.
   */
  static <T extends PipelineOptions> T parse(
      ParseResult parsed, Class<T> options, String runner, List<String> runnerOptions) {
    List<String> args = new ArrayList<>(arguments(parsed, options));
    args.add("--runner=" + runner);
    List<String> passed = joined(runnerOptions);
    args.addAll(passed);
    for (String check : List.of("--enforceImmutability", "--enforceEncodability")) {
      boolean given = passed.stream().anyMatch(a -> a.equals(check) || a.startsWith(check + "="));
      if (runner.toLowerCase(Locale.ROOT).startsWith("direct") && !given) {
        args.add(check + "=false");
      }
    }
    PipelineOptionsFactory.register(options);
    T result =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(options);
    result.as(DirectOptions.class).setBlockOnRun(false);
    return result;
  }

  /**
   * Runner options as Beam wants them, {@code --name=value}: a {@code --name} followed by a value
   * that is not an option is joined with it.
   */
  static List<String> joined(List<String> tokens) {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      boolean takesNext =
          token.startsWith("--")
              && !token.contains("=")
              && i + 1 < tokens.size()
              && !tokens.get(i + 1).startsWith("--");
      args.add(takesNext ? token + "=" + tokens.get(++i) : token);
    }
    return args;
  }
}
