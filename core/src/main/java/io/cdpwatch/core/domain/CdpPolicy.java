package io.cdpwatch.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A CDP policy ({@code CdpPolicy}), the configuration that CDP policy sessions run. */
public record CdpPolicy(
    Uid id,
    String href,
    String name,
    Optional<String> description,
    Optional<Boolean> scheduleEnabled,
    List<Link> links)
    implements Resource {

  public static final String TYPE = "CdpPolicy";

  public CdpPolicy {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(href, "'href' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(description, "'description' must not be null");
    Objects.requireNonNull(scheduleEnabled, "'scheduleEnabled' must not be null");
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
