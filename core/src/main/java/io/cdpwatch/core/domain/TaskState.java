package io.cdpwatch.core.domain;

/** The documented {@code State} values of a CDP task session. */
public enum TaskState implements Reported.Documented {
  IN_PROGRESS("InProgress"),
  PENDING("Pending"),
  COMPLETED("Completed");

  private final String emText;

  TaskState(String emText) {
    this.emText = emText;
  }

  @Override
  public String emText() {
    return emText;
  }
}
