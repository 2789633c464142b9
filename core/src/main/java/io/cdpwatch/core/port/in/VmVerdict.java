package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.domain.CdpTaskSession;
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
 * @param status the worst of the result, state and age judgements
 * @param problems why the status is not OK, most severe first; empty when OK
 * @param newest the session that decided; empty for a named VM without any session
 * @param age time since the newest session's creation, never negative
 */
public record VmVerdict(
    String vm,
    Optional<String> policy,
    Optional<String> backupServer,
    Status status,
    List<String> problems,
    Optional<CdpTaskSession> newest,
    Optional<Duration> age) {

  public VmVerdict {
    Objects.requireNonNull(vm, "'vm' must not be null");
    Objects.requireNonNull(policy, "'policy' must not be null");
    Objects.requireNonNull(backupServer, "'backupServer' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(newest, "'newest' must not be null");
    Objects.requireNonNull(age, "'age' must not be null");
    problems = List.copyOf(problems);
  }
}
