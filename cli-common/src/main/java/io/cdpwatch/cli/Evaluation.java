package io.cdpwatch.cli;

import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.service.CdpHealthService;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judgement both commands run for a parsed command line: read the password, open EM, judge, log
 * off. Either a report, or the one-line reason there is none; never an exception.
 */
public final class Evaluation {

  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

  private final Optional<CdpReport> report;
  private final String failure;

  private Evaluation(Optional<CdpReport> report, String failure) {
    this.report = report;
    this.failure = failure;
  }

  /** The report; empty when the run failed ({@link #failure()} says why). */
  public Optional<CdpReport> report() {
    return report;
  }

  /** Why there is no report: one line, with what to do. */
  public String failure() {
    return failure;
  }

  /** Runs the judgement of {@code parsed} (an {@link CommandLine.Action#CHECK}). */
  public static Evaluation run(
      String command,
      CommandLine.Parsed parsed,
      Map<String, String> environment,
      Clock clock,
      SourceOpener opener) {
    char[] password = null;
    try {
      password = Passwords.read(parsed.connection().passwordFile(), environment);
      long started = System.nanoTime();
      CdpSessionSource source = opener.open(parsed.connection(), password);
      CdpReport report;
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
      return new Evaluation(Optional.of(report), "");
    } catch (CdpSourceException e) {
      LOG.debug("{} failed", command, e);
      return new Evaluation(Optional.empty(), e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.trace("internal error", e);
      return new Evaluation(
          Optional.empty(),
          "internal error in %s: run it with -vvv to see the trace on stderr and please report it"
              .formatted(command));
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
}
