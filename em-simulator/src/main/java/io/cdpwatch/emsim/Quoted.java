package io.cdpwatch.emsim;

/**
 * Double-quoted values with {@code ""} for a quote, as EM filters (and scenario files) use them.
 */
final class Quoted {
  private Quoted() {}

  /**
   * Reads the quoted value whose opening quote is at {@code open}; appends the unquoted text to
   * {@code out} and returns the index after the closing quote, or -1 when it is unterminated.
   */
  static int read(String text, int open, StringBuilder out) {
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
          out.append('"');
          i += 2;
          continue;
        }
        return i + 1;
      }
      out.append(c);
      i++;
    }
    return -1;
  }
}
