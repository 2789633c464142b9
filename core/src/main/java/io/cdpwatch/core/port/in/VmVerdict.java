package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.AgeThresholds;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.StableKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The judgement of one VM, from its newest CDP task session in the look-back window.
 *
 * @param vm the VM display name
 * @param policy the CDP policy the newest session belongs to, when known
 * @param backupServer the backup server that ran it, when known
 * @param status the worst of the findings; OK when there are none
 * @param findings what is wrong, most severe first; empty when OK
 * @param newest the session that decided; empty for a VM without any session
 * @param age time since the newest session's creation, never negative
 * @param ageThresholds what that age was (or would be) held to, and where that came from
 */
public record VmVerdict(
    String vm,
    Optional<String> policy,
    Optional<String> backupServer,
    Status status,
    List<Finding> findings,
    Optional<CdpTaskSession> newest,
    Optional<Duration> age,
    AgeThresholds ageThresholds) {

  public VmVerdict {
    Objects.requireNonNull(vm, "'vm' must not be null");
    Objects.requireNonNull(policy, "'policy' must not be null");
    Objects.requireNonNull(backupServer, "'backupServer' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(newest, "'newest' must not be null");
    Objects.requireNonNull(age, "'age' must not be null");
    Objects.requireNonNull(ageThresholds, "'ageThresholds' must not be null");
    findings = List.copyOf(findings);
  }

  /** The VM's stable key: its name on its backup server. */
  public String key() {
    return StableKey.of(backupServer.orElse(""), vm);
  }

  /** The stable key of its policy, the same as that policy's {@link PolicyVerdict#key()}. */
  public Optional<String> policyKey() {
    return policy.map(name -> StableKey.of(backupServer.orElse(""), name));
  }

  /** True when it has a finding of this kind. */
  public boolean has(Finding.Kind kind) {
    return findings.stream().anyMatch(f -> f.kind() == kind);
  }
}
