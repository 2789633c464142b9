package io.cdpwatch.emsim;

/** A scenario file that cannot be read: the message names the file and line. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
