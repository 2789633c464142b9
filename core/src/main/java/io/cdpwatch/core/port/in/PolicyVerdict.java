package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.domain.CdpPolicySession;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The judgement of one CDP policy, from its newest policy session.
 *
 * @param policy the policy name
 * @param backupServer the backup server running it, when known
 * @param status CRITICAL when stopped or missing, UNKNOWN for an undocumented state, else OK
 * @param problems why the status is not OK; empty when OK
 * @param newest the session that decided; empty for a named policy without any session
 */
public record PolicyVerdict(
    String policy,
    Optional<String> backupServer,
    Status status,
    List<String> problems,
    Optional<CdpPolicySession> newest) {

  public PolicyVerdict {
    Objects.requireNonNull(policy, "'policy' must not be null");
    Objects.requireNonNull(backupServer, "'backupServer' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(newest, "'newest' must not be null");
    problems = List.copyOf(problems);
  }
}
