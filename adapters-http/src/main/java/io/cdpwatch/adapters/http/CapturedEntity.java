package io.cdpwatch.adapters.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/** An answer's body held in memory: recorded on its way to the reader, or read from a capture. */
final class CapturedEntity extends AbstractHttpEntity {

  private final byte[] body;

  CapturedEntity(byte[] body, String contentType) {
    super(contentType, null);
    this.body = body;
  }

  @Override
  public InputStream getContent() {
    return new ByteArrayInputStream(body);
  }

  @Override
  public long getContentLength() {
    return body.length;
  }

  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public boolean isStreaming() {
    return false;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write(body);
  }

  @Override
  public void close() {
    // nothing held open
  }
}
