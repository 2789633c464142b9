package io.cdpwatch.core.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Enterprise Manager identifier, {@code urn:veeam:<Type>:<id>}, for example {@code
 * urn:veeam:CdpReplicaTaskSession:2ec4d35f-b5d8-4cb3-9d11-12e1d5792625}. The {@code id} (a GUID) is
 * what resource URLs carry as their {@code {ID}}.
 */
public record Uid(String type, String id) {

  private static final Pattern PART = Pattern.compile("[A-Za-z_0-9\\-]+");
  private static final Pattern URN =
      Pattern.compile("urn:veeam:([A-Za-z_0-9\\-]+):([A-Za-z_0-9\\-]+)", Pattern.CASE_INSENSITIVE);

  public Uid {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(id, "'id' must not be null");
    if (!PART.matcher(type).matches()) {
      throw new IllegalArgumentException("invalid type '%s' in a Veeam UID".formatted(type));
    }
    if (!PART.matcher(id).matches()) {
      throw new IllegalArgumentException("invalid id '%s' in a Veeam UID".formatted(id));
    }
    // GUIDs compare case-insensitively; keep one spelling so that equal ids are equal values.
    id = id.toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code urn:veeam:<Type>:<id>}.
   *
   * @throws IllegalArgumentException when the text is not such a URN
   */
  public static Uid parse(String urn) {
    Objects.requireNonNull(urn, "'urn' must not be null");
    Matcher matcher = URN.matcher(urn.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'%s' is not a Veeam UID (urn:veeam:<Type>:<id>)".formatted(urn));
    }
    return new Uid(matcher.group(1), matcher.group(2));
  }

  /**
   * Reads either a full UID of {@code type} or a bare id, as users may give either on a command
   * line: {@code 2ec4d35f-...} and {@code urn:veeam:CdpReplicaTaskSession:2ec4d35f-...} are the
   * same.
   *
   * @throws IllegalArgumentException when the text is neither, or is a UID of another type
   */
  public static Uid parseOrId(String text, String type) {
    Objects.requireNonNull(text, "'text' must not be null");
    String trimmed = text.strip();
    if (trimmed.regionMatches(true, 0, "urn:", 0, 4)) {
      Uid uid = parse(trimmed);
      if (!uid.type().equalsIgnoreCase(type)) {
        throw new IllegalArgumentException(
            "'%s' is a %s, not a %s".formatted(text, uid.type(), type));
      }
      return new Uid(type, uid.id());
    }
    return new Uid(type, trimmed);
  }

  /** The URN text, {@code urn:veeam:<Type>:<id>}. */
  @Override
  public String toString() {
    return "urn:veeam:" + type + ":" + id;
  }
}
