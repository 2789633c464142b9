package io.cdpwatch.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code <Link Rel Type Href Name>} of an EM representation. {@code Rel} and {@code Href} are
 * required by EM's schema; {@code Type} and {@code Name} are optional.
 */
public record Link(Rel rel, Optional<String> type, String href, Optional<String> name) {

  // Written out, as in Uid: the generated ones cost a short-lived check start-up time.
  @Override
  public boolean equals(Object other) {
    return other instanceof Link link
        && rel == link.rel
        && href.equals(link.href)
        && type.equals(link.type)
        && name.equals(link.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rel, type, href, name);
  }

  /** The link relations EM uses. Unknown relations are kept as {@link #OTHER}. */
  public enum Rel {
    UP("Up"),
    DOWN("Down"),
    ALTERNATE("Alternate"),
    RELATED("Related"),
    FIRST("First"),
    PREVIOUS("Previous"),
    NEXT("Next"),
    LAST("Last"),
    CREATE("Create"),
    EDIT("Edit"),
    DELETE("Delete"),
    OTHER("");

    private final String text;

    Rel(String text) {
      this.text = text;
    }

    /** The Rel as EM writes it; empty for {@link #OTHER}. */
    public String text() {
      return text;
    }

    /** The relation named {@code text} (case-insensitively), or {@link #OTHER}. */
    public static Rel of(String text) {
      for (Rel rel : values()) {
        if (rel != OTHER && rel.text.equalsIgnoreCase(text)) {
          return rel;
        }
      }
      return OTHER;
    }
  }

  public Link {
    Objects.requireNonNull(rel, "'rel' must not be null");
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(href, "'href' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
  }

  public static Link of(Rel rel, String type, String href, String name) {
    return new Link(rel, Optional.ofNullable(type), href, Optional.ofNullable(name));
  }

  /** True when this link's Type is {@code type}, or {@code type} followed by {@code Reference}. */
  public boolean pointsTo(String type) {
    return this.type.map(t -> t.equals(type) || t.equals(type + "Reference")).orElse(false);
  }
}
