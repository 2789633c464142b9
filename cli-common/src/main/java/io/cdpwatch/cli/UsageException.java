package io.cdpwatch.cli;

/** A command line the plugin cannot run with; the message says what is wrong, in one line. */
public final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
