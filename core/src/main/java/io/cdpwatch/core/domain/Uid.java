package io.cdpwatch.core.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * An Enterprise Manager identifier, {@code urn:veeam:<Type>:<id>}, for example {@code
 * urn:veeam:CdpReplicaTaskSession:2ec4d35f-b5d8-4cb3-9d11-12e1d5792625}. The {@code id} (a GUID) is
 * what resource URLs carry as their {@code {ID}}.
 */
public record Uid(String type, String id) {

  private static final String PREFIX = "urn:veeam:";

  public Uid {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(id, "'id' must not be null");
    if (!isPart(type)) {
      throw new IllegalArgumentException("invalid type '%s' in a Veeam UID".formatted(type));
    }
    if (!isPart(id)) {
      throw new IllegalArgumentException("invalid id '%s' in a Veeam UID".formatted(id));
    }
    // GUIDs compare case-insensitively; keep one spelling so that equal ids are equal values.
    id = id.toLowerCase(Locale.ROOT);
  }

  // Written out: a record's generated equals and hashCode spin method handles at their first call,
  // which a short-lived check pays for on every run.
  @Override
  public boolean equals(Object other) {
    return other instanceof Uid uid && id.equals(uid.id) && type.equals(uid.type);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + id.hashCode();
  }

  /** Whether {@code text} is one or more of {@code [A-Za-z_0-9-]}, what a UID part may hold. */
  private static boolean isPart(String text) {
    int n = text.length();
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses {@code urn:veeam:<Type>:<id>}.
   *
   * @throws IllegalArgumentException when the text is not such a URN
   */
  public static Uid parse(String urn) {
    Objects.requireNonNull(urn, "'urn' must not be null");
    String text = urn.strip();
    int colon = text.indexOf(':', PREFIX.length());
    if (!text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        || colon < 0
        || !isPart(text.substring(PREFIX.length(), colon))
        || !isPart(text.substring(colon + 1))) {
      throw new IllegalArgumentException(
          "'%s' is not a Veeam UID (urn:veeam:<Type>:<id>)".formatted(urn));
    }
    return new Uid(type(text, PREFIX.length(), colon), text.substring(colon + 1));
  }

  /** The kinds EM names most, shared rather than copied into each of many thousands of UIDs. */
  private static final String[] COMMON_TYPES = {
    "CdpReplicaTaskSession", "CdpReplicaSession", "CdpPolicy", "BackupServer"
  };

  private static String type(String text, int from, int to) {
    for (String common : COMMON_TYPES) {
      if (common.length() == to - from && text.startsWith(common, from)) {
        return common;
      }
    }
    return text.substring(from, to);
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
