package io.cdpwatch.cli;

import java.io.PrintStream;

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
}
