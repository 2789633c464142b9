package io.cdpwatch.emsim;

import java.io.IOException;
import java.io.Writer;

/** A tiny streaming XML writer: it writes straight to the response, nothing is buffered here. */
final class Xml {
  static final String NS = "http://www.veeam.com/ent/v1.0";
  static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

  private final Writer out;

  Xml(Writer out) {
    this.out = out;
  }

  Xml raw(String s) throws IOException {
    out.write(s);
    return this;
  }

  /** Opens {@code <name} (attributes follow, then {@link #close()} or {@link #empty()}). */
  Xml open(String name) throws IOException {
    out.write('<');
    out.write(name);
    return this;
  }

  Xml attr(String name, String value) throws IOException {
    out.write(' ');
    out.write(name);
    out.write("=\"");
    escape(value, true);
    out.write('"');
    return this;
  }

  Xml close() throws IOException {
    out.write('>');
    return this;
  }

  Xml empty() throws IOException {
    out.write(" />");
    return this;
  }

  Xml end(String name) throws IOException {
    out.write("</");
    out.write(name);
    out.write('>');
    return this;
  }

  /** {@code <name>text</name>}, or {@code <name />} for empty text. */
  Xml element(String name, String text) throws IOException {
    if (text.isEmpty()) {
      out.write('<');
      out.write(name);
      out.write(" />");
      return this;
    }
    out.write('<');
    out.write(name);
    out.write('>');
    escape(text, false);
    return end(name);
  }

  Xml nl() throws IOException {
    out.write('\n');
    return this;
  }

  private void escape(String s, boolean attribute) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.write("&amp;");
        case '<' -> out.write("&lt;");
        case '>' -> out.write("&gt;");
        case '"' -> out.write(attribute ? "&quot;" : "\"");
        case '\n' -> out.write(attribute ? "&#xA;" : "\n");
        case '\r' -> out.write("&#xD;");
        case '\t' -> out.write(attribute ? "&#x9;" : "\t");
        default -> out.write(c);
      }
    }
  }
}
