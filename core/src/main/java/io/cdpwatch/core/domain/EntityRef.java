package io.cdpwatch.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An entity reference ({@code <EntityRef>} or {@code <Ref>}): the identity and links of a resource
 * without its fields. {@code type} is stored without the {@code Reference} suffix.
 */
public record EntityRef(String type, String href, String name, Optional<Uid> uid, List<Link> links)
    implements Resource {

  public EntityRef {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(href, "'href' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(uid, "'uid' must not be null");
    type = kindOf(type);
    links = List.copyOf(links);
  }

  /** The resource kind a representation Type names: {@code XReference} and {@code X} are both X. */
  public static String kindOf(String type) {
    return type.endsWith("Reference")
        ? type.substring(0, type.length() - "Reference".length())
        : type;
  }
}
