package io.cdpwatch.core.port.out;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which CDP policy sessions to read: those created at or after {@code createdSince}, of the
 * policies named (exact names; empty means every policy), on the backup server named (exact name;
 * empty means any).
 */
public record PolicySessionQuery(
    Instant createdSince, Set<String> policyNames, Optional<String> backupServer) {

  public PolicySessionQuery {
    Objects.requireNonNull(createdSince, "'createdSince' must not be null");
    Objects.requireNonNull(backupServer, "'backupServer' must not be null");
    policyNames = Set.copyOf(policyNames);
  }

  public static PolicySessionQuery since(Instant createdSince) {
    return new PolicySessionQuery(createdSince, Set.of(), Optional.empty());
  }
}
