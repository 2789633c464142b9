package io.cdpwatch.emsim;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/** The faults that act before authentication: delays, hangs, lost tokens, error statuses. */
final class PreAuthFaults {

  /** What the faults did to a request. */
  enum Outcome {
    /** Nothing that stops it: it goes on to be served. */
    PASS,
    /** Answered by a fault. */
    ANSWERED,
    /** Hung until the simulator stopped; its request-log entry is already written. */
    HUNG
  }

  private final Faults faults;
  private final Logons logons;
  private final RequestLog log;
  private final CountDownLatch stopped;

  PreAuthFaults(Faults faults, Logons logons, RequestLog log, CountDownLatch stopped) {
    this.faults = faults;
    this.logons = logons;
    this.log = log;
    this.stopped = stopped;
  }

  Outcome apply(Request r) throws IOException {
    for (Faults.Active f : faults.all()) {
      if (!f.appliesTo(r) || !Fault.BEFORE_AUTH.contains(f.kind())) {
        continue;
      }
      if (f.kind() == Fault.Kind.REQUEST_LINE_LIMIT && r.requestLine() <= f.fault.amount()) {
        continue;
      }
      if (!f.consume()) {
        continue;
      }
      switch (f.kind()) {
        case LATENCY -> sleep(f.fault.amount());
        case EXPIRE_TOKENS -> logons.expireAll();
        case HANG -> {
          log.record(r);
          try {
            stopped.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Outcome.HUNG;
        }
        case STATUS -> {
          Responses.error(
              r, f.fault.status(), "Simulated fault: " + Responses.statusName(f.fault.status()));
          return Outcome.ANSWERED;
        }
        case HTML -> {
          Responses.html(r, f.fault.status());
          return Outcome.ANSWERED;
        }
        case RESET -> {
          // Closing an exchange that sent nothing closes its connection: no status line at all.
          r.ex.close();
          return Outcome.ANSWERED;
        }
        case REQUEST_LINE_LIMIT -> {
          Responses.html(r, 414);
          return Outcome.ANSWERED;
        }
        default -> throw new IllegalStateException(f.fault.toString());
      }
    }
    return Outcome.PASS;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
