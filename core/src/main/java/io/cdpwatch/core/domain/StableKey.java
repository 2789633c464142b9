package io.cdpwatch.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A short key for a VM or a policy that stays the same from run to run: 16 lower-case hex digits
 * derived from its backup server and its name, safe wherever an identifier must be plain.
 */
public final class StableKey {

  private StableKey() {}

  /** The key of the item {@code name} on {@code backupServer} (empty when not known). */
  public static String of(String backupServer, String name) {
    byte[] digest =
        new Sha256()
            .update(backupServer.getBytes(StandardCharsets.UTF_8))
            .update((byte) 0)
            .digest(name.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 8);
  }
}
