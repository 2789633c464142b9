package io.cdpwatch.emsim;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** GUID helpers. */
final class Ids {
  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private Ids() {}

  static String random() {
    return UUID.randomUUID().toString();
  }

  /** A stable GUID derived from a text, so a scenario file yields the same ids on every start. */
  static String stable(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  static void requireGuid(String id, String what) {
    Objects.requireNonNull(id, "'" + what + "' must not be null");
    if (!GUID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "'%s' must be a lower-case GUID, got '%s'".formatted(what, id));
    }
  }

  /** Accepts a bare GUID or a {@code urn:veeam:Type:guid}; returns the lower-case GUID part. */
  static String guidPart(String idOrUid) {
    int colon = idOrUid.lastIndexOf(':');
    return (colon >= 0 ? idOrUid.substring(colon + 1) : idOrUid).toLowerCase(Locale.ROOT);
  }
}
