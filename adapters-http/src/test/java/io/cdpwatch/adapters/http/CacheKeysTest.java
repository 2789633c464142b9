package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

  /** What javax.crypto.Mac makes of the same input, which the key must equal bit for bit. */
  private static String jdkHmac(byte[] secret, String url, String user, String password)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    mac.update((url + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(mac.doFinal());
  }

  @Test
  void theKeyIsHmacSha256AsTheJdkComputesIt() throws Exception {
    Random random = new Random(7);
    for (int length : new int[] {1, 32, 63, 64, 65, 200}) {
      byte[] secret = new byte[length];
      random.nextBytes(secret);
      String password = "pässwörd-" + length + "\u20ac";
      assertEquals(
          jdkHmac(secret, "https://em:9398/api", "TECH\\u", password),
          CacheKeys.key(secret, "https://em:9398/api", "TECH\\u", password.toCharArray()),
          "secret of " + length + " bytes");
    }
  }
}
