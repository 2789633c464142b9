package io.cdpwatch.adapters.http;

import io.cdpwatch.core.domain.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The names of what a cache directory keeps per EM account (logon sessions, snapshots): an
 * HMAC-SHA-256 of the base URL, user and password, keyed with the directory's own random secret, so
 * that a run with another password never shares them and a name cannot be checked against guessed
 * passwords without the secret. JDK only: a snapshot-served run uses it without loading HTTP.
 */
public final class CacheKeys {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private CacheKeys() {}

  /**
   * The key of this EM, account and password in {@code directory}, which is created owner-only when
   * it does not exist.
   */
  public static String of(Path directory, String baseUrl, String user, char[] password)
      throws IOException {
    if (!Files.isDirectory(directory)) {
      if (POSIX) {
        Files.createDirectories(directory, ownerOnly("rwx------"));
      } else {
        Files.createDirectories(directory);
      }
    }
    Optional<String> distrusted = CacheFiles.distrustedDirectory(directory);
    if (distrusted.isPresent()) {
      throw new IOException("it is " + distrusted.get());
    }
    byte[] secret = secret(directory);
    try {
      return key(secret, baseUrl, user, password);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * The directory's own random secret (32 bytes, owner-only, made once): the key of the cache
   * files' names.
   */
  static byte[] secret(Path directory) throws IOException {
    Path file = directory.resolve("secret");
    if (!Files.exists(file)) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      Path temp =
          POSIX
              ? Files.createTempFile(directory, "secret-", ".tmp", ownerOnly("rw-------"))
              : Files.createTempFile(directory, "secret-", ".tmp");
      try {
        Files.write(temp, fresh);
        // A link, unlike a rename, never replaces a secret another run made meanwhile.
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException e) {
        // Another run made it first: use that one.
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    Optional<String> distrusted = CacheFiles.distrusted(file);
    if (distrusted.isPresent()) {
      throw new IOException("its secret " + file + " is " + distrusted.get());
    }
    byte[] secret = Files.readAllBytes(file);
    if (secret.length != 32) {
      throw new IOException("the cache secret " + file + " is damaged");
    }
    return secret;
  }

  /**
   * Hex HMAC-SHA-256 (RFC 2104), keyed with {@code secret}, of the base URL, user and password.
   * Built on {@link Sha256} rather than {@code javax.crypto.Mac} or {@code MessageDigest}: finding
   * either makes the JDK start its security providers, a tenth of a snapshot-served run's time.
   */
  static String key(byte[] secret, String baseUrl, String user, char[] password) {
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    byte[] pad = new byte[Sha256.BLOCK];
    try {
      Sha256 sha256 = new Sha256();
      byte[] key = secret.length > Sha256.BLOCK ? sha256.digest(secret) : secret;
      for (int i = 0; i < Sha256.BLOCK; i++) {
        pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
      }
      sha256.update(pad);
      sha256.update(baseUrl.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(user.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(raw);
      byte[] inner = sha256.digest();
      for (int i = 0; i < Sha256.BLOCK; i++) {
        pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
      }
      sha256.update(pad);
      return HexFormat.of().formatHex(sha256.digest(inner));
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(pad, (byte) 0);
      if (bytes.hasArray()) {
        Arrays.fill(bytes.array(), (byte) 0);
      }
    }
  }

  static FileAttribute<?> ownerOnly(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }
}
