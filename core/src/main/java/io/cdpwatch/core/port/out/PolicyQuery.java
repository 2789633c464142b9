package io.cdpwatch.core.port.out;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which CDP policies to read, with their settings and includes: those named (exact names; empty
 * means every policy), on the backup server named (exact name; empty means any).
 */
public record PolicyQuery(Set<String> policyNames, Optional<String> backupServer) {

  public PolicyQuery {
    Objects.requireNonNull(backupServer, "'backupServer' must not be null");
    policyNames = Set.copyOf(policyNames);
  }

  public static PolicyQuery all() {
    return new PolicyQuery(Set.of(), Optional.empty());
  }
}
