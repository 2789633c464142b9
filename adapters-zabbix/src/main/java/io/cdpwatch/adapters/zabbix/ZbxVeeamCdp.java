package io.cdpwatch.adapters.zabbix;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code zbx_veeam_cdp}: {@code discovery}, {@code collect} and {@code send} for Zabbix, on the
 * same command line and judgement as {@code check_veeam_cdp}. Zabbix ignores an external check's
 * exit code and merges its stderr into the value, so a failure is part of the value printed on
 * stdout and stderr stays empty unless {@code -v}; {@code send}, run by a timer, also says a
 * failure on stderr and in its exit code.
 */
public final class ZbxVeeamCdp {

  static final String NAME = "zbx_veeam_cdp";

  /** The trapper item {@code send} feeds: the master item of the trapper template. */
  static final String TRAPPER_KEY = "veeam.cdp.raw";

  static final String USAGE =
      "Usage: zbx_veeam_cdp discovery|collect|send -H HOST -u USER --password-file FILE [OPTION]...\n"
          + "Try 'zbx_veeam_cdp --help' for every option.";

  static final CommandLine.Option POLICIES = CommandLine.Option.of("policies", false, false);
  static final CommandLine.Option ZABBIX_SERVER =
      CommandLine.Option.of("zabbix-server", true, true);
  static final CommandLine.Option ZABBIX_HOST = CommandLine.Option.of("zabbix-host", true, false);

  /** Sends one value to a trapper item; the real one is {@link ZabbixSender#send}. */
  @FunctionalInterface
  public interface Sender {
    ZabbixSender.Result send(
        List<ZabbixSender.Server> servers,
        String host,
        String key,
        String value,
        Instant clock,
        Duration timeout);
  }

  private enum Mode {
    DISCOVERY,
    COLLECT,
    SEND
  }

  private ZbxVeeamCdp() {}

  public static void main(String[] args) {
    QuietLogging.unlessVerbose(args);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    Optional<Instant> started = ProcessHandle.current().info().startInstant();
    Map<String, String> environment = System.getenv();
    Clock clock = Clock.systemUTC();
    // The watchdog's value must be what the mode prints on failure: for collect a document.
    Mode mode = args.length > 0 ? modeOf(args[0]).orElse(Mode.COLLECT) : Mode.COLLECT;
    Watchdog watchdog =
        Watchdog.halting(
            started,
            reason ->
                mode == Mode.COLLECT
                    ? line(ZabbixDocument.error(clock.instant(), reason))
                    : line(reason),
            1);
    int code =
        run(
            List.of(args),
            environment,
            out,
            System.err,
            clock,
            EmSources.opener(environment, started),
            ZabbixSender::send,
            watchdog);
    Runs.exit(out, code);
  }

  /**
   * Runs one mode and returns the exit code: 0 when it did what was asked, 1 when it could not (the
   * value printed says why), 2 when {@code send} reached a Zabbix server that did not process it.
   */
  public static int run(
      List<String> args,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err,
      Clock clock,
      SourceOpener opener,
      Sender sender,
      Watchdog watchdog) {
    Outcome outcome = new Outcome(out);
    Instant started = clock.instant();
    Optional<Mode> mode = args.isEmpty() ? Optional.empty() : modeOf(args.get(0));
    CommandLine.Parsed parsed;
    try {
      parsed = parse(mode, mode.isPresent() ? args.subList(1, args.size()) : args, environment);
    } catch (UsageException e) {
      return fail(mode.orElse(Mode.DISCOVERY), e.getMessage(), outcome, err, clock);
    }
    Optional<String> informational = Runs.informational(NAME, parsed, ZbxVeeamCdp::help);
    if (informational.isPresent()) {
      outcome.print(informational.get());
      return 0;
    }
    watchdog.arm(parsed.connection().timeout(), outcome);
    Clock judgedAt = EmSources.clock(parsed.connection(), clock);
    return Runs.withDiagnostics(
        NAME,
        parsed.verbosity(),
        err,
        () ->
            judge(
                mode.get(), parsed, environment, judgedAt, started, opener, sender, outcome, err));
  }

  private static int judge(
      Mode mode,
      CommandLine.Parsed parsed,
      Map<String, String> environment,
      Clock clock,
      Instant started,
      SourceOpener opener,
      Sender sender,
      Outcome outcome,
      PrintStream err) {
    Evaluation evaluation = Evaluation.run(NAME, parsed, environment, clock, opener);
    Optional<CdpReport> report = evaluation.report();
    switch (mode) {
      case DISCOVERY -> {
        if (report.isEmpty()) {
          return fail(Mode.DISCOVERY, evaluation.failure(), outcome, err, clock);
        }
        outcome.print(
            line(
                parsed.has(POLICIES)
                    ? ZabbixDocument.policyDiscovery(report.get())
                    : ZabbixDocument.vmDiscovery(report.get())));
        return 0;
      }
      case COLLECT -> {
        if (report.isEmpty()) {
          outcome.print(line(document(evaluation, clock)));
          return 1;
        }
        // Streamed: the document of a large estate is never held whole. JSON has no raw line end.
        outcome.print(
            out -> {
              ZabbixDocument.collect(report.get(), out);
              out.print('\n');
            });
        return 0;
      }
      default -> {
        return send(parsed, evaluation, clock, started, sender, outcome, err);
      }
    }
  }

  private static CommandLine.Parsed parse(
      Optional<Mode> given, List<String> args, Map<String, String> environment)
      throws UsageException {
    List<CommandLine.Option> own = List.of(POLICIES, ZABBIX_SERVER, ZABBIX_HOST);
    if (given.isEmpty()) {
      if (!args.isEmpty() && !args.get(0).startsWith("-")) {
        throw new UsageException(
            "unknown mode '%s': give discovery, collect or send first".formatted(args.get(0)));
      }
      if (args.contains("-h") || args.contains("--help")) {
        return CommandLine.parse(List.of("--help"), environment, own);
      }
      if (args.contains("-V") || args.contains("--version")) {
        return CommandLine.parse(List.of("--version"), environment, own);
      }
      throw new UsageException("no mode: give discovery, collect or send first");
    }
    CommandLine.Parsed parsed = CommandLine.parse(args, environment, own);
    if (parsed.action() != CommandLine.Action.CHECK) {
      return parsed;
    }
    Mode mode = given.get();
    if (parsed.has(POLICIES) && mode != Mode.DISCOVERY) {
      throw new UsageException("--policies goes with discovery only");
    }
    boolean sendOptions = parsed.has(ZABBIX_SERVER) || parsed.has(ZABBIX_HOST);
    if (sendOptions && mode != Mode.SEND) {
      throw new UsageException("--zabbix-server and --zabbix-host go with send only");
    }
    if (mode == Mode.SEND) {
      if (!parsed.has(ZABBIX_SERVER)) {
        throw new UsageException("send needs --zabbix-server HOST[:PORT]");
      }
      if (!parsed.has(ZABBIX_HOST) || parsed.values(ZABBIX_HOST).get(0).isBlank()) {
        throw new UsageException(
            "send needs --zabbix-host NAME, the technical host name in Zabbix");
      }
      servers(parsed);
    }
    return parsed;
  }

  private static List<ZabbixSender.Server> servers(CommandLine.Parsed parsed)
      throws UsageException {
    List<ZabbixSender.Server> servers = new ArrayList<>();
    for (String text : parsed.values(ZABBIX_SERVER)) {
      try {
        servers.add(ZabbixSender.Server.parse(text));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return servers;
  }

  private static int send(
      CommandLine.Parsed parsed,
      Evaluation evaluation,
      Clock clock,
      Instant started,
      Sender sender,
      Outcome outcome,
      PrintStream err) {
    List<ZabbixSender.Server> servers;
    try {
      servers = servers(parsed);
    } catch (UsageException e) {
      throw new IllegalStateException("checked while parsing", e);
    }
    String host = parsed.values(ZABBIX_HOST).get(0);
    Instant now = clock.instant();
    // What is left of -t after collecting, and at least a second for the sending itself.
    Duration left = parsed.connection().timeout().minus(Duration.between(started, now));
    Duration timeout = left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    ZabbixSender.Result result =
        sender.send(servers, host, TRAPPER_KEY, document(evaluation, clock), now, timeout);
    outcome.print(
        result
            .server()
            .map(server -> "%s: %s answered: %s\n".formatted(NAME, server, result.info()))
            .orElse(""));
    if (!result.processed()) {
      err.print(NAME + ": " + result.failure() + "\n");
      return result.answered() ? 2 : 1;
    }
    if (evaluation.report().isEmpty()) {
      err.print(NAME + ": sent the error to Zabbix: " + evaluation.failure() + "\n");
      return 1;
    }
    return 0;
  }

  private static String document(Evaluation evaluation, Clock clock) {
    return evaluation
        .report()
        .map(ZabbixDocument::collect)
        .orElseGet(() -> ZabbixDocument.error(clock.instant(), evaluation.failure()));
  }

  /**
   * A failure before there is a report: discovery prints the reason alone (Zabbix makes the rule
   * unsupported with it), collect prints it as the document's error, send says it on stderr.
   */
  private static int fail(Mode mode, String reason, Outcome outcome, PrintStream err, Clock clock) {
    switch (mode) {
      case DISCOVERY -> outcome.print(line(reason));
      case COLLECT -> outcome.print(line(ZabbixDocument.error(clock.instant(), reason)));
      default -> {
        outcome.print("");
        err.print(NAME + ": " + reason + "\n");
      }
    }
    return 1;
  }

  private static Optional<Mode> modeOf(String word) {
    for (Mode mode : Mode.values()) {
      if (mode.name().equalsIgnoreCase(word)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }

  private static String line(String text) {
    return text.replaceAll("[\\r\\n]+", " ").strip() + "\n";
  }

  static String help() {
    return Help.of(ZbxVeeamCdp.class, "/zbx_veeam_cdp.help");
  }
}
