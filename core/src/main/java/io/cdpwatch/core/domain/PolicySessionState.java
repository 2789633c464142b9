package io.cdpwatch.core.domain;

/** The documented {@code State} values of a CDP policy session ({@code CdpReplicaSession}). */
public enum PolicySessionState implements Reported.Documented {
  STARTING("Starting"),
  STOPPING("Stopping"),
  WORKING("Working"),
  PAUSING("Pausing"),
  RESUMING("Resuming"),
  STOPPED("Stopped");

  private final String emText;

  PolicySessionState(String emText) {
    this.emText = emText;
  }

  @Override
  public String emText() {
    return emText;
  }
}
