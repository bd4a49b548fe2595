package dev.beamdiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one readable line on stderr (exit code 1). The stack trace is shown
 * only with {@code BEAMDIFF_DEBUG=1}, for bug reports.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + describe(e)));
    if ("1".equals(System.getenv("BEAMDIFF_DEBUG"))) {
      e.printStackTrace(cmd.getErr());
    } else {
      cmd.getErr().println("(set BEAMDIFF_DEBUG=1 for the stack trace)");
    }
    return 1;
  }

  /** The most specific message in the cause chain that is not just a wrapped class name. */
  static String describe(Throwable e) {
    Throwable t = e;
    String message = t.getMessage();
    while (t.getCause() != null && (message == null || message.equals(t.getCause().toString()))) {
      t = t.getCause();
      message = t.getMessage();
    }
    return message == null ? t.getClass().getSimpleName() : message;
  }
}
