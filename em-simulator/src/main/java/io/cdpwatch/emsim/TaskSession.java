package io.cdpwatch.emsim;

import java.time.Instant;
import java.util.Objects;

/**
 * A CDP replication task session, {@code CdpReplicaTaskSession}: one VM within one policy session.
 *
 * @param id the GUID of the task session
 * @param policySessionId the id of the parent {@link PolicySession}
 * @param vmName the VM display name (any text: spaces, quotes, pipes, non-ASCII)
 * @param created creation time (UTC)
 * @param ended end time, {@code null} while InProgress (then {@code EndTimeUTC} is absent)
 * @param state InProgress, Pending, Completed (any text is served as is)
 * @param result Success, Warning, Failed (any text is served as is)
 * @param reason the Warning/Failed reason, {@code null} for none (then {@code Reason} is absent)
 * @param totalSize bytes of all restore points produced
 */
public record TaskSession(
    String id,
    String policySessionId,
    String vmName,
    Instant created,
    Instant ended,
    String state,
    String result,
    String reason,
    long totalSize) {

  public TaskSession {
    Ids.requireGuid(id, "id");
    Ids.requireGuid(policySessionId, "policySessionId");
    Objects.requireNonNull(vmName, "'vmName' must not be null");
    Objects.requireNonNull(created, "'created' must not be null");
    Objects.requireNonNull(state, "'state' must not be null");
    Objects.requireNonNull(result, "'result' must not be null");
  }

  public String uid() {
    return "urn:veeam:CdpReplicaTaskSession:" + id;
  }
}
