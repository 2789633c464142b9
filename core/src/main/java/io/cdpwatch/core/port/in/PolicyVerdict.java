package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.StableKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The judgement of one CDP policy, from its newest policy session.
 *
 * @param policy the policy name
 * @param backupServer the backup server running it, when known
 * @param status CRITICAL when stopped or missing, UNKNOWN for an undocumented state, else OK
 * @param findings what is wrong; empty when OK
 * @param newest the session that decided; empty for a selected policy without any session
 * @param configuration the policy with its settings and includes, when EM gave it
 */
public record PolicyVerdict(
    String policy,
    Optional<String> backupServer,
    Status status,
    List<Finding> findings,
    Optional<CdpPolicySession> newest,
    Optional<CdpPolicy> configuration) {

  public PolicyVerdict {
    Objects.requireNonNull(policy, "'policy' must not be null");
    Objects.requireNonNull(backupServer, "'backupServer' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(newest, "'newest' must not be null");
    Objects.requireNonNull(configuration, "'configuration' must not be null");
    findings = List.copyOf(findings);
  }

  /** The policy's stable key: its name on its backup server. */
  public String key() {
    return StableKey.of(backupServer.orElse(""), policy);
  }

  /** True when it has a finding of this kind. */
  public boolean has(Finding.Kind kind) {
    return findings.stream().anyMatch(f -> f.kind() == kind);
  }
}
