package io.cdpwatch.adapters.nagios;

/** A command line the plugin cannot run with; the message says what is wrong, in one line. */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
