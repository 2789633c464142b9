package io.cdpwatch.cli;

import java.io.PrintStream;
import java.util.function.Consumer;

/** The one result a run prints: the first to print it wins, the command or its watchdog. */
public final class Outcome {
  private final PrintStream out;
  private boolean printed;

  public Outcome(PrintStream out) {
    this.out = out;
  }

  /** Prints {@code text} unless a result was printed already; true when this one was. */
  public synchronized boolean print(String text) {
    if (printed) {
      return false;
    }
    printed = true;
    out.print(text);
    out.flush();
    return true;
  }

  /**
   * Prints what {@code writer} writes to the output unless a result was printed already; true when
   * this one was. For a result too large to be held as one string (a watchdog's result waits).
   */
  public synchronized boolean print(Consumer<PrintStream> writer) {
    if (printed) {
      return false;
    }
    printed = true;
    writer.accept(out);
    out.flush();
    return true;
  }
}
