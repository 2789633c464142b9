package io.cdpwatch.core.port.out;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which CDP task sessions to read: those created at or after {@code createdSince}, of the VMs named
 * (exact display names; empty means every VM), run by the backup server named (exact name; empty
 * means any).
 */
public record TaskSessionQuery(
    Instant createdSince, Set<String> vmNames, Optional<String> backupServer) {

  public TaskSessionQuery {
    Objects.requireNonNull(createdSince, "'createdSince' must not be null");
    Objects.requireNonNull(backupServer, "'backupServer' must not be null");
    vmNames = Set.copyOf(vmNames);
  }

  public static TaskSessionQuery since(Instant createdSince) {
    return new TaskSessionQuery(createdSince, Set.of(), Optional.empty());
  }
}
