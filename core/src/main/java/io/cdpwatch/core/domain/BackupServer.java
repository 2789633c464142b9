package io.cdpwatch.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Veeam Backup &amp; Replication server managed by Enterprise Manager ({@code BackupServer}).
 *
 * @param port the port EM collects data from (9392 by default)
 * @param version the B&amp;R build, e.g. {@code 13.0.1.1071}
 * @param wcfPort the B&amp;R WCF port (B&amp;R 12 and later)
 * @param certificateThumbprint the B&amp;R server certificate's thumbprint, as EM reports it
 */
public record BackupServer(
    Uid id,
    String href,
    String name,
    Optional<String> description,
    OptionalInt port,
    Optional<String> version,
    OptionalInt wcfPort,
    Optional<String> certificateThumbprint,
    List<Link> links)
    implements Resource {

  public static final String TYPE = "BackupServer";

  public BackupServer {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(href, "'href' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(description, "'description' must not be null");
    Objects.requireNonNull(port, "'port' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    Objects.requireNonNull(wcfPort, "'wcfPort' must not be null");
    Objects.requireNonNull(certificateThumbprint, "'certificateThumbprint' must not be null");
    links = List.copyOf(links);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Optional<Uid> uid() {
    return Optional.of(id);
  }
}
