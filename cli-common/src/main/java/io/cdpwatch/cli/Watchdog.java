package io.cdpwatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** Watches a run's timeout: once armed, it may put its own result in place of the command's. */
@FunctionalInterface
public interface Watchdog {

  Watchdog NONE = (timeout, outcome) -> {};

  /** How long past the timeout the watchdog waits for the EM client's own deadline to act. */
  Duration GRACE = Duration.ofMillis(500);

  void arm(Duration timeout, Outcome outcome);

  /**
   * The last line of defence for {@code -t}: should the process outlive its timeout (counted from
   * {@code started}, the process start), print {@code result} of the reason in place of the
   * command's own and halt with {@code exitCode}.
   */
  static Watchdog halting(
      Optional<Instant> started, Function<String, String> result, int exitCode) {
    return (timeout, outcome) -> {
      Duration sinceStart =
          started.map(start -> Duration.between(start, Instant.now())).orElse(Duration.ZERO);
      long wait = Math.max(0, timeout.plus(GRACE).minus(sinceStart).toMillis());
      Thread thread =
          new Thread(
              () -> {
                try {
                  Thread.sleep(wait);
                } catch (InterruptedException e) {
                  return;
                }
                String reason =
                    "no result within the %ds timeout (-t): EM did not answer in time"
                        .formatted(timeout.toSeconds());
                if (outcome.print(result.apply(reason))) {
                  Runtime.getRuntime().halt(exitCode);
                }
              },
              "cdpwatch-watchdog");
      thread.setDaemon(true);
      thread.start();
    };
  }
}
