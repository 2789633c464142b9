package io.cdpwatch.adapters.nagios;

import io.cdpwatch.cli.CommandLine;
import io.cdpwatch.cli.EmSources;
import io.cdpwatch.cli.Evaluation;
import io.cdpwatch.cli.Help;
import io.cdpwatch.cli.Outcome;
import io.cdpwatch.cli.QuietLogging;
import io.cdpwatch.cli.Runs;
import io.cdpwatch.cli.SourceOpener;
import io.cdpwatch.cli.UsageException;
import io.cdpwatch.cli.Watchdog;
import io.cdpwatch.core.port.in.CdpReport;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code check_veeam_cdp}, the Nagios/Icinga/Naemon plugin. {@link #main} only wires the real world
 * (EM client, clock, streams, a watchdog) and exits; {@link #run} does the work and returns the
 * exit code, so tests drive it with their own streams and source.
 */
public final class CheckVeeamCdp {

  static final String NAME = "check_veeam_cdp";

  static final String USAGE =
      "Usage: check_veeam_cdp -H HOST -u USER --password-file FILE [OPTION]...\n"
          + "Try 'check_veeam_cdp --help' for every option.";

  private CheckVeeamCdp() {}

  public static void main(String[] args) {
    QuietLogging.unlessVerbose(args);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    // -t counts from the process start: JVM start-up is part of the run.
    Optional<Instant> started = ProcessHandle.current().info().startInstant();
    Map<String, String> environment = System.getenv();
    int code =
        run(
            List.of(args),
            environment,
            out,
            System.err,
            Clock.systemUTC(),
            EmSources.opener(environment, started),
            Watchdog.halting(started, PluginOutput::unknown, 3));
    Runs.exit(out, code);
  }

  /** The check in-process, without a watchdog: for tests and embedders. */
  public static int run(
      List<String> args,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err,
      Clock clock,
      SourceOpener opener) {
    return run(args, environment, out, err, clock, opener, Watchdog.NONE);
  }

  /**
   * Runs the check and returns its exit code. The result goes to {@code out}; diagnostics ({@code
   * -v}) go to {@code err}, after the result, since Icinga 2 and Zabbix read both streams as one.
   */
  public static int run(
      List<String> args,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err,
      Clock clock,
      SourceOpener opener,
      Watchdog watchdog) {
    Outcome outcome = new Outcome(out);
    CommandLine.Parsed parsed;
    try {
      parsed = CommandLine.parse(args, environment);
    } catch (UsageException e) {
      outcome.print(PluginOutput.unknown(e.getMessage()) + USAGE + "\n");
      return 3;
    }
    Optional<String> informational = Runs.informational(NAME, parsed, CheckVeeamCdp::help);
    if (informational.isPresent()) {
      outcome.print(informational.get());
      return 3;
    }
    watchdog.arm(parsed.connection().timeout(), outcome);
    Clock judgedAt = EmSources.clock(parsed.connection(), clock);
    return Runs.withDiagnostics(
        NAME,
        parsed.verbosity(),
        err,
        () -> {
          Evaluation evaluation = Evaluation.run(NAME, parsed, environment, judgedAt, opener);
          if (evaluation.report().isEmpty()) {
            outcome.print(PluginOutput.unknown(evaluation.failure()));
            return 3;
          }
          CdpReport report = evaluation.report().get();
          outcome.print(
              PluginOutput.render(NagiosReport.toCheckResult(report), parsed.verbosity() > 0));
          return report.status().code();
        });
  }

  static String help() {
    return Help.of(CheckVeeamCdp.class, "/check_veeam_cdp.help");
  }
}
