package io.cdpwatch.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A Veeam Backup &amp; Replication server managed by Enterprise Manager ({@code BackupServer}). */
public record BackupServer(
    Uid id,
    String href,
    String name,
    Optional<String> description,
    Optional<String> version,
    List<Link> links)
    implements Resource {

  public static final String TYPE = "BackupServer";

  public BackupServer {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(href, "'href' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(description, "'description' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
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
