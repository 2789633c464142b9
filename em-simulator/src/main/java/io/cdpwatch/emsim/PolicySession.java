package io.cdpwatch.emsim;

import java.time.Instant;
import java.util.Objects;

/**
 * A CDP replication (policy) session, {@code CdpReplicaSession}: EM starts one per policy every 24
 * h.
 *
 * @param id the GUID of the session
 * @param policyId the id of the {@link CdpPolicy}
 * @param created creation time (UTC)
 * @param ended end time, {@code null} while running (then {@code EndTimeUTC} is absent)
 * @param state Starting, Stopping, Working, Pausing, Resuming, Stopped (any text is served as is)
 * @param result Success, Warning, Failed, or None as EM's own sample shows for a Working session
 * @param progress 0..100
 * @param failureMessage may be empty ({@code <FailureMessage />})
 * @param retry {@code IsRetry}
 */
public record PolicySession(
    String id,
    String policyId,
    Instant created,
    Instant ended,
    String state,
    String result,
    int progress,
    String failureMessage,
    boolean retry) {

  public PolicySession {
    Ids.requireGuid(id, "id");
    Ids.requireGuid(policyId, "policyId");
    Objects.requireNonNull(created, "'created' must not be null");
    Objects.requireNonNull(state, "'state' must not be null");
    Objects.requireNonNull(result, "'result' must not be null");
    failureMessage = failureMessage == null ? "" : failureMessage;
  }

  public String uid() {
    return "urn:veeam:CdpReplicaSession:" + id;
  }
}
