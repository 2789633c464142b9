package io.cdpwatch.emsim;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A response body that is buffered until it passes {@code limit} bytes, then streamed chunked:
 * small bodies get a Content-Length, huge ones never sit in memory.
 */
final class SpillingStream extends OutputStream {
  private final Request r;
  private final HttpExchange ex;
  private final int code;
  private final long limit;
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private OutputStream out;

  SpillingStream(Request r, int code, long limit) {
    this.r = r;
    this.ex = r.ex;
    this.code = code;
    this.limit = limit;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (out != null) {
      out.write(b, off, len);
      return;
    }
    buffer.write(b, off, len);
    if (buffer.size() > limit) {
      ex.sendResponseHeaders(code, 0);
      out = ex.getResponseBody();
      buffer.writeTo(out);
      buffer = null;
    }
  }

  /** Cuts the buffered body in the middle of an element. */
  void truncate() {
    byte[] all = buffer.toByteArray();
    int cut = all.length / 2;
    while (cut < all.length - 1 && all[cut] != '<') {
      cut++;
    }
    cut = Math.min(all.length - 1, cut + 4);
    buffer = new ByteArrayOutputStream();
    buffer.write(all, 0, Math.max(1, cut));
  }

  void finish() throws IOException {
    if (out != null) {
      out.flush();
      return;
    }
    byte[] b = spoilt(buffer.toByteArray());
    ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
    if (b.length == 0) {
      return;
    }
    OutputStream body = ex.getResponseBody();
    if (r.cut) {
      body.write(b, 0, b.length / 2);
      body.flush();
      // Closing the exchange with bytes owed closes the connection.
      throw new IOException("simulated cut after " + b.length / 2 + " of " + b.length + " bytes");
    }
    if (r.trickleMillis >= 0) {
      for (byte one : b) {
        body.write(one);
        body.flush();
        pause(r.trickleMillis);
      }
      return;
    }
    body.write(b);
  }

  /** The body's bytes as {@link Request#bytes} spoils them. */
  private byte[] spoilt(byte[] b) {
    if (r.bytes == null) {
      return b;
    }
    switch (r.bytes) {
      case EMPTY_BODY:
        return new byte[0];
      case BOM:
        {
          byte[] with = new byte[b.length + 3];
          with[0] = (byte) 0xEF;
          with[1] = (byte) 0xBB;
          with[2] = (byte) 0xBF;
          System.arraycopy(b, 0, with, 3, b.length);
          return with;
        }
      case GZIP:
        {
          String accepted = ex.getRequestHeaders().getFirst("Accept-Encoding");
          if (accepted == null || !accepted.toLowerCase(Locale.ROOT).contains("gzip")) {
            return b;
          }
          ByteArrayOutputStream compressed = new ByteArrayOutputStream();
          try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(b);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          ex.getResponseHeaders().set("Content-Encoding", "gzip");
          return compressed.toByteArray();
        }
      case UTF16:
        return new String(b, StandardCharsets.UTF_8)
            .replaceFirst("encoding=\"(?i:utf-8)\"", "encoding=\"UTF-16\"")
            .getBytes(StandardCharsets.UTF_16);
      case INVALID_UTF8:
        {
          String text = new String(b, StandardCharsets.ISO_8859_1);
          int at = text.indexOf("Name=\"");
          if (at < 0) {
            return b;
          }
          at += 6;
          byte[] with = new byte[b.length + 2];
          System.arraycopy(b, 0, with, 0, at);
          with[at] = (byte) 0xFF;
          with[at + 1] = (byte) 0xFE;
          System.arraycopy(b, at, with, at + 2, b.length - at);
          return with;
        }
      default:
        return b;
    }
  }

  private static void pause(long millis) throws IOException {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
