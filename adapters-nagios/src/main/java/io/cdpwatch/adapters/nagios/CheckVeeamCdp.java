package io.cdpwatch.adapters.nagios;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.service.CdpHealthService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * {@code check_veeam_cdp}, the Nagios/Icinga/Naemon plugin. {@link #main} only wires the real world
 * (EM client, clock, streams, a watchdog) and exits; {@link #run} does the work and returns the
 * exit code, so tests drive it with their own streams and source.
 */
public final class CheckVeeamCdp {

  static final String USAGE =
      "Usage: check_veeam_cdp -H HOST -u USER --password-file FILE [OPTION]...\n"
          + "Try 'check_veeam_cdp --help' for every option.";

  /** Opens a source for a connection; closing it (when it is {@link AutoCloseable}) logs off. */
  @FunctionalInterface
  interface SourceOpener {
    CdpSessionSource open(ConnectionOptions connection, char[] password);
  }

  /** Watches a run's timeout: once armed, it may put its own result in place of the check's. */
  @FunctionalInterface
  interface Watchdog {
    Watchdog NONE = (timeout, outcome) -> {};

    void arm(Duration timeout, Outcome outcome);
  }

  /** The one result a run prints: the first to print it wins, the check or its watchdog. */
  static final class Outcome {
    private final PrintStream out;
    private boolean printed;

    Outcome(PrintStream out) {
      this.out = out;
    }

    synchronized boolean print(String text) {
      if (printed) {
        return false;
      }
      printed = true;
      out.print(text);
      out.flush();
      return true;
    }
  }

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(CheckVeeamCdp.class);

  private CheckVeeamCdp() {}

  public static void main(String[] args) {
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
            (connection, password) -> EmSources.open(connection, password, environment, started),
            (timeout, outcome) -> haltAfter(timeout, outcome, started));
    out.flush();
    System.exit(code);
  }

  static int run(
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
  static int run(
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
    switch (parsed.action()) {
      case HELP -> {
        outcome.print(help());
        return 3;
      }
      case VERSION -> {
        outcome.print("check_veeam_cdp " + version() + " (cdpwatch)\n");
        return 3;
      }
      default -> {
        // the check itself, below
      }
    }
    watchdog.arm(parsed.connection().timeout(), outcome);
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    configureLogging(parsed.verbosity(), diagnostics);
    char[] password = null;
    try {
      password = Passwords.read(parsed.connection().passwordFile(), environment);
      CdpReport report;
      long started = System.nanoTime();
      CdpSessionSource source = opener.open(parsed.connection(), password);
      try {
        report =
            new CdpHealthService(source, clock).evaluate(parsed.selection(), parsed.thresholds());
      } finally {
        close(source);
      }
      LOG.info(
          "EM {} as {}: judged {} VMs and {} policies in {} ms (timeout {}s)",
          parsed.connection().baseUrl(),
          parsed.connection().username(),
          report.vms().size(),
          report.policies().size(),
          (System.nanoTime() - started) / 1_000_000,
          parsed.connection().timeout().toSeconds());
      outcome.print(
          PluginOutput.render(NagiosReport.toCheckResult(report), parsed.verbosity() > 0));
      return report.status().code();
    } catch (CdpSourceException e) {
      LOG.debug("check failed", e);
      outcome.print(PluginOutput.unknown(e.getMessage()));
      return 3;
    } catch (RuntimeException | Error e) {
      LOG.trace("internal error", e);
      outcome.print(
          PluginOutput.unknown(
              "internal error in check_veeam_cdp: run it with -vvv to see the trace on stderr"
                  + " and please report it"));
      return 3;
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
      err.print(diagnostics.toString(StandardCharsets.UTF_8));
      err.flush();
    }
  }

  /**
   * The last line of defence for {@code -t}: should the process outlive its timeout (the EM
   * client's own deadline failed to end it), print UNKNOWN in place of the result and halt.
   */
  private static void haltAfter(Duration timeout, Outcome outcome, Optional<Instant> started) {
    Duration sinceStart =
        started.map(start -> Duration.between(start, Instant.now())).orElse(Duration.ZERO);
    long wait = Math.max(0, timeout.plus(WATCHDOG_GRACE).minus(sinceStart).toMillis());
    Thread thread =
        new Thread(
            () -> {
              try {
                Thread.sleep(wait);
              } catch (InterruptedException e) {
                return;
              }
              if (outcome.print(
                  PluginOutput.unknown(
                      "no result within the %ds timeout (-t): EM did not answer in time"
                          .formatted(timeout.toSeconds())))) {
                Runtime.getRuntime().halt(3);
              }
            },
            "check-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  /** How long past the timeout the watchdog waits for the EM client's own deadline to act. */
  private static final Duration WATCHDOG_GRACE = Duration.ofMillis(500);

  private static void close(CdpSessionSource source) {
    if (source instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("logging off from EM failed: {}", e.getMessage());
      }
    }
  }

  /**
   * Sends every log line to {@code err} (never stdout, which is the check result), at a level that
   * follows {@code -v}: warnings only, then info, debug, and trace with wire-level HTTP.
   */
  static void configureLogging(int verbosity, OutputStream err) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Level level =
        switch (verbosity) {
          case 0 -> Level.OFF;
          case 1 -> Level.INFO;
          case 2 -> Level.DEBUG;
          default -> Level.TRACE;
        };
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("check_veeam_cdp %-5level %logger{0}: %msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setEncoder(encoder);
    appender.setOutputStream(err);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    root.setLevel(level);
    // HttpClient's own logging only at -vvv: below that it would be noise. Its header and wire
    // logs never: they would print the Basic credentials and the session token.
    context.getLogger("org.apache.hc").setLevel(verbosity >= 3 ? Level.DEBUG : Level.WARN);
    context.getLogger("org.apache.hc.client5.http.headers").setLevel(Level.OFF);
    context.getLogger("org.apache.hc.client5.http.wire").setLevel(Level.OFF);
  }

  static String help() {
    return resource("/check_veeam_cdp.help");
  }

  static String version() {
    Properties properties = new Properties();
    try (InputStream in = CheckVeeamCdp.class.getResourceAsStream("/cdpwatch-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // an unreadable version resource only loses the version text
    }
    return properties.getProperty("version", "unknown");
  }

  private static String resource(String name) {
    try (InputStream in = CheckVeeamCdp.class.getResourceAsStream(name)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
