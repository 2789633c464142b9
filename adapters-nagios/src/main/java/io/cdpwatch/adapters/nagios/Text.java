package io.cdpwatch.adapters.nagios;

/** Text for people: shortened where space is scarce, without breaking a character in two. */
final class Text {

  private Text() {}

  /**
   * {@code text} itself when it has at most {@code max} characters (code points), else its first
   * ones followed by {@code ...}, {@code max} in all.
   */
  public static String shorten(String text, int max) {
    if (max < 4) {
      throw new IllegalArgumentException("max must leave room for '...'");
    }
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, max - 3);
    return text.substring(0, end).stripTrailing() + "...";
  }
}
