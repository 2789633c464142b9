package io.cdpwatch.adapters.nagios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void shortTextStaysWhole() {
    assertEquals("db01", Text.shorten("db01", 10));
    assertEquals("0123456789", Text.shorten("0123456789", 10));
  }

  @Test
  void longTextEndsInDotsWithinTheLimit() {
    assertEquals("0123456...", Text.shorten("0123456789A", 10));
  }

  @Test
  void charactersOutsideTheBasicPlaneAreNeverCutInTwo() {
    String emoji = "\uD83D\uDE00";
    String text = "ab" + emoji + emoji + emoji + "cdefgh";

    assertEquals("ab" + emoji + emoji + "...", Text.shorten(text, 7));
    assertEquals(text, Text.shorten(text, 11));
  }

  @Test
  void aLimitWithoutRoomForTheDotsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Text.shorten("abc", 3));
  }
}
