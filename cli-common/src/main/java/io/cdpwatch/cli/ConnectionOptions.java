package io.cdpwatch.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Enterprise Manager, as the command line gave it. The password is not here: only
 * where to read it ({@code passwordFile}, else the environment), so it never sits in an options
 * object that might be printed, and a file others can read is refused unless {@code
 * allowReadablePasswordFile}. {@code dump} records the run into a capture ({@code redact}: with
 * names replaced); {@code replay} runs from one instead of EM, without a password. {@code
 * snapshotMaxAge} is how old a snapshot of EM another run left may be for this run to judge from
 * it; zero reads and writes none.
 */
public record ConnectionOptions(
    URI baseUrl,
    String username,
    Optional<Path> passwordFile,
    boolean allowReadablePasswordFile,
    Optional<Path> caFile,
    List<String> fingerprints,
    boolean insecure,
    Duration timeout,
    Optional<Path> sessionCache,
    boolean noSessionCache,
    Optional<Path> dump,
    boolean redact,
    Optional<Path> replay,
    Duration snapshotMaxAge) {

  public ConnectionOptions {
    Objects.requireNonNull(baseUrl, "'baseUrl' must not be null");
    Objects.requireNonNull(username, "'username' must not be null");
    Objects.requireNonNull(passwordFile, "'passwordFile' must not be null");
    Objects.requireNonNull(caFile, "'caFile' must not be null");
    fingerprints = List.copyOf(fingerprints);
    Objects.requireNonNull(timeout, "'timeout' must not be null");
    Objects.requireNonNull(sessionCache, "'sessionCache' must not be null");
    Objects.requireNonNull(dump, "'dump' must not be null");
    Objects.requireNonNull(replay, "'replay' must not be null");
    Objects.requireNonNull(snapshotMaxAge, "'snapshotMaxAge' must not be null");
  }
}
