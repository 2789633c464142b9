package io.cdpwatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The frame of a command's run that both commands share. */
public final class Runs {

  private Runs() {}

  /** The help or version text when that is what {@code parsed} asks for, else empty. */
  public static Optional<String> informational(
      String command, CommandLine.Parsed parsed, Supplier<String> help) {
    return switch (parsed.action()) {
      case HELP -> Optional.of(help.get());
      case VERSION -> Optional.of(command + " " + Version.text() + " (cdpwatch)\n");
      default -> Optional.empty();
    };
  }

  /**
   * Runs {@code body} with log lines (at the level {@code -v} asks for) kept aside, and writes them
   * to {@code err} after it: Icinga 2 and Zabbix read both streams as one, the result first.
   */
  public static int withDiagnostics(
      String command, int verbosity, PrintStream err, IntSupplier body) {
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    if (!QuietLogging.chosen()) {
      // Logging names logback's classes: a quiet run never loads it.
      Logging.configure(command, verbosity, diagnostics);
    }
    try {
      return body.getAsInt();
    } finally {
      err.print(diagnostics.toString(StandardCharsets.UTF_8));
      err.flush();
    }
  }

  /**
   * Ends the process with {@code code} once {@code out} and stderr are flushed. Halts instead of
   * {@code System.exit}, which from JDK 21 on looks up a {@code System.Logger} to log the exit and
   * so searches every jar of the class path for a logging backend: a tenth of a snapshot-served
   * run. Nothing of cdpwatch waits for shutdown hooks (log files are flushed line by line).
   */
  public static void exit(PrintStream out, int code) {
    out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }
}
