package io.cdpwatch.core.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void theFipsExamplesGiveTheirPublishedDigests() {
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        hex(Sha256.of(new byte[0])));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        hex(Sha256.of(ascii("abc"))));
    assertEquals(
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        hex(Sha256.of(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))));
    Sha256 million = new Sha256();
    for (int i = 0; i < 1_000_000; i++) {
      million.update((byte) 'a');
    }
    assertEquals(
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", hex(million.digest()));
  }

  @Test
  void anyInputFedInAnyPiecesDigestsAsTheJdkDoes() throws Exception {
    Random random = new Random(20261203);
    MessageDigest jdk = MessageDigest.getInstance("SHA-256");
    Sha256 ours = new Sha256();
    // Every length around the block and padding boundaries, then random ones.
    for (int n = 0; n < 400; n++) {
      int length = n < 200 ? n : random.nextInt(5000);
      byte[] input = new byte[length];
      random.nextBytes(input);
      int at = 0;
      while (at < length) {
        int piece = Math.min(length - at, 1 + random.nextInt(130));
        if (piece == 1) {
          ours.update(input[at]);
        } else {
          ours.update(input, at, piece);
        }
        at += piece;
      }
      assertArrayEquals(jdk.digest(input), ours.digest(), "input of " + length + " bytes");
    }
  }

  @Test
  void aDigestStartsAgainForTheNextMessage() {
    Sha256 sha = new Sha256();
    sha.update(ascii("something else first"));
    sha.digest();
    assertEquals(hex(Sha256.of(ascii("abc"))), hex(sha.digest(ascii("abc"))));
  }
}
