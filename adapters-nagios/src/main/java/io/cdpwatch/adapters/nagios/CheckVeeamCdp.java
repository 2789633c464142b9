package io.cdpwatch.adapters.nagios;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.service.CdpHealthService;
import java.io.IOException;
import java.io.InputStream;
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
    configureLogging(parsed.verbosity());
    char[] password = null;
    try {
      password = Passwords.read(parsed.connection().passwordFile(), environment);
      CdpReport report;
      CdpSessionSource source = opener.open(parsed.connection(), password);
      try {
        report =
            new CdpHealthService(source, clock).evaluate(parsed.selection(), parsed.thresholds());
      } finally {
        close(source);
      }
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

  static void configureLogging(int verbosity) {
    Level level =
        switch (verbosity) {
          case 0 -> Level.WARN;
          case 1 -> Level.INFO;
          case 2 -> Level.DEBUG;
          default -> Level.TRACE;
        };
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(level);
      // Wire-level logging of HttpClient stays off below -vvv: it would be noise.
      if (LoggerFactory.getLogger("org.apache.hc") instanceof Logger http) {
        http.setLevel(verbosity >= 3 ? Level.DEBUG : Level.WARN);
      }
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
