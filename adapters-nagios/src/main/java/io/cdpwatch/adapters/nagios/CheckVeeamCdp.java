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
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * {@code check_veeam_cdp}, the Nagios/Icinga/Naemon plugin. {@link #main} only wires the real world
 * (EM client, clock, streams, a watchdog) and exits; {@link #run} does the work and returns the
 * exit code, so tests drive it with their own streams and source.
 */
public final class CheckVeeamCdp {

  static final String USAGE =
      "Usage: check_veeam_cdp -H HOST -u USER --password-file FILE [options]; --help explains every option";

  /** Opens a source for a connection; closing it (when it is {@link AutoCloseable}) logs off. */
  @FunctionalInterface
  interface SourceOpener {
    CdpSessionSource open(ConnectionOptions connection, char[] password);
  }

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(CheckVeeamCdp.class);

  private CheckVeeamCdp() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    Watchdog.start(args, out);
    int code =
        run(List.of(args), System.getenv(), out, System.err, Clock.systemUTC(), EmSources::open);
    out.flush();
    System.exit(code);
  }

  /**
   * Runs the check and returns its exit code; the result goes to {@code out}, diagnostics to {@code
   * err}.
   */
  static int run(
      List<String> args,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err,
      Clock clock,
      SourceOpener opener) {
    CommandLine.Parsed parsed;
    try {
      parsed = CommandLine.parse(args, environment);
    } catch (UsageException e) {
      out.print(PluginOutput.unknown(e.getMessage()));
      out.println(USAGE);
      return 3;
    }
    switch (parsed.action()) {
      case HELP -> {
        out.print(help());
        return 3;
      }
      case VERSION -> {
        out.println("check_veeam_cdp " + version() + " (cdpwatch)");
        return 3;
      }
      default -> {
        // the check itself, below
      }
    }
    configureLogging(parsed.verbosity(), err);
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
      out.print(PluginOutput.render(report.toCheckResult(), parsed.verbosity() > 0));
      return report.status().exitCode();
    } catch (CdpSourceException e) {
      LOG.debug("check failed", e);
      out.print(PluginOutput.unknown(e.getMessage()));
      return 3;
    } catch (RuntimeException | Error e) {
      if (parsed.verbosity() >= 3) {
        e.printStackTrace(err);
      }
      out.print(
          PluginOutput.unknown(
              "internal error in check_veeam_cdp: run it with -vvv to see the trace on stderr"
                  + " and please report it"));
      return 3;
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

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
  static void configureLogging(int verbosity, PrintStream err) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Level level =
        switch (verbosity) {
          case 0 -> Level.WARN;
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
    appender.setOutputStream(new NonClosing(err));
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

  /** The appender must not close the caller's stream when logging is reconfigured. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
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

  /**
   * The last line of defence for {@code -t}: should the run outlive its deadline by a grace period
   * (the EM client's own deadline failed to fire), print UNKNOWN and halt.
   */
  static final class Watchdog {
    private static final Duration GRACE = Duration.ofSeconds(2);

    private Watchdog() {}

    static void start(String[] args, PrintStream out) {
      Duration timeout = timeoutOf(args);
      if (timeout == null) {
        return;
      }
      long seconds = timeout.toSeconds();
      Thread thread =
          new Thread(
              () -> {
                try {
                  Thread.sleep(timeout.plus(GRACE).toMillis());
                } catch (InterruptedException e) {
                  return;
                }
                synchronized (out) {
                  out.print(
                      PluginOutput.unknown(
                          "no result within the %ds timeout (-t): EM did not answer in time"
                              .formatted(seconds)));
                  out.flush();
                }
                Runtime.getRuntime().halt(3);
              },
              "check-watchdog");
      thread.setDaemon(true);
      thread.start();
    }

    /** The run's timeout, or null when the command line will not run a check at all. */
    private static Duration timeoutOf(String[] args) {
      try {
        CommandLine.Parsed parsed =
            CommandLine.parse(List.of(args), Map.of("VEEAM_EM_PASSWORD", "-"));
        return parsed.connection() == null ? null : parsed.connection().timeout();
      } catch (UsageException e) {
        return null;
      }
    }
  }
}
