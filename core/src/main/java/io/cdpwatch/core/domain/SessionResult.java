package io.cdpwatch.core.domain;

/** The documented {@code Result} values of CDP policy and task sessions. */
public enum SessionResult implements Reported.Documented {
  SUCCESS("Success"),
  WARNING("Warning"),
  FAILED("Failed");

  private final String emText;

  SessionResult(String emText) {
    this.emText = emText;
  }

  @Override
  public String emText() {
    return emText;
  }
}
