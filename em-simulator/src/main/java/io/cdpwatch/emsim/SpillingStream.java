package io.cdpwatch.emsim;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body that is buffered until it passes {@code limit} bytes, then streamed chunked:
 * small bodies get a Content-Length, huge ones never sit in memory.
 */
final class SpillingStream extends OutputStream {
  private final HttpExchange ex;
  private final int code;
  private final long limit;
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private OutputStream out;

  SpillingStream(HttpExchange ex, int code, long limit) {
    this.ex = ex;
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
    byte[] b = buffer.toByteArray();
    ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
  }
}
