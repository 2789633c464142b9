package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.Capture.Exchange;
import io.cdpwatch.adapters.http.Capture.Field;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --dump}: passes every request on and writes it, with its answer, into the capture as it
 * happens (see {@link Capture} for the format), secrets removed ({@link CaptureSecrets}) and with
 * {@code --redact} names too ({@link CaptureRedaction}). An answer's body is read whole before the
 * client reads it, so that it is recorded even when the client gives up on it. With redaction, the
 * files are written again when the run ends, so that a name learned late is replaced everywhere.
 */
final class CaptureRecorder implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(CaptureRecorder.class);

  /** Describe the body as the client read it: decompressed, its length whatever it is. */
  private static final Set<String> DROPPED =
      Set.of("content-encoding", "content-length", "transfer-encoding");

  private final Transport delegate;
  private final Path directory;
  private final long maxBodyBytes;
  private final Instant recordedAt;
  private final String baseUrl;
  private final String username;
  private final CaptureSecrets secrets = new CaptureSecrets();
  private final CaptureRedaction names;
  private final List<Exchange> exchanges = new ArrayList<>();

  private CaptureRecorder(Transport delegate, EmClientConfig config) {
    this.delegate = delegate;
    this.directory = config.dump().orElseThrow();
    this.maxBodyBytes = config.maxBodyBytes();
    this.recordedAt = config.clock().instant();
    this.baseUrl = config.baseUrl().toString();
    this.username = config.username();
    if (config.redact()) {
      names = new CaptureRedaction();
      names.learn("user", username);
      names.learn("host", config.baseUrl().getHost());
    } else {
      names = null;
    }
  }

  /**
   * Records what {@code live} sends and receives into {@code config}'s dump directory.
   *
   * @throws CdpSourceException of kind CONFIGURATION when the directory cannot be made a capture
   */
  static Transport around(Transport live, EmClientConfig config) {
    CaptureRecorder recorder = new CaptureRecorder(live, config);
    try {
      Capture.createDirectory(recorder.directory);
      recorder.writeIndex();
      LOG.info("recording this run into the capture {}", recorder.directory);
    } catch (IOException e) {
      live.close();
      throw cannotWrite(recorder.directory, e);
    }
    return recorder;
  }

  @Override
  public <T> T execute(HttpUriRequestBase request, HttpClientResponseHandler<? extends T> handler)
      throws IOException {
    List<Field> sent = fields(request.getHeaders(), Set.of());
    String method = request.getMethod();
    String target = Capture.target(request);
    boolean[] recorded = {false};
    try {
      return delegate.execute(
          request,
          response -> {
            byte[] body = read(response);
            recorded[0] = true;
            record(
                new Exchange(
                    method,
                    target,
                    sent,
                    response.getCode(),
                    received(fields(response.getHeaders(), DROPPED)),
                    body,
                    ""));
            return handler.handleResponse(response);
          });
    } catch (IOException | RuntimeException e) {
      if (!recorded[0]) {
        record(
            new Exchange(
                method,
                target,
                sent,
                -1,
                List.of(),
                null,
                e.getClass().getName() + ": " + e.getMessage()));
      }
      throw e;
    }
  }

  /** The whole body (up to one byte past the ceiling), put back for the client to read. */
  private byte[] read(ClassicHttpResponse response) throws IOException {
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return null;
    }
    byte[] body;
    try (InputStream in = entity.getContent()) {
      body = in.readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
    }
    response.setEntity(new CapturedEntity(body, entity.getContentType()));
    return body;
  }

  private synchronized void record(Exchange raw) {
    exchanges.add(secrets.scrub(raw));
    try {
      int number = exchanges.size();
      Capture.write(
          directory.resolve(Capture.fileName(number)),
          Capture.format(shown(exchanges.get(number - 1))));
      writeIndex();
    } catch (IOException e) {
      throw cannotWrite(directory, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (names != null) {
        for (int i = 0; i < exchanges.size(); i++) {
          Capture.write(
              directory.resolve(Capture.fileName(i + 1)), Capture.format(shown(exchanges.get(i))));
        }
        writeIndex();
      }
    } catch (IOException e) {
      throw cannotWrite(directory, e);
    } finally {
      delegate.close();
    }
  }

  private void writeIndex() throws IOException {
    StringBuilder index =
        new StringBuilder(
            Capture.indexHeader(
                recordedAt,
                names == null ? baseUrl : names.text(baseUrl),
                names == null ? username : names.text(username),
                names != null));
    for (int i = 0; i < exchanges.size(); i++) {
      index.append(Capture.indexLine(Capture.fileName(i + 1), shown(exchanges.get(i))));
    }
    Capture.write(
        directory.resolve(Capture.INDEX), index.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** An exchange as written: redacted with every name learned so far, when asked to. */
  private Exchange shown(Exchange scrubbed) {
    if (names == null) {
      return scrubbed;
    }
    byte[] body = scrubbed.body();
    String text = null;
    if (body != null) {
      text = utf8(body);
      names.learnFrom(text != null ? text : new String(body, StandardCharsets.ISO_8859_1));
    }
    List<Field> request = redacted(scrubbed.requestHeaders());
    List<Field> response = redacted(scrubbed.responseHeaders());
    byte[] redactedBody =
        body == null
            ? null
            : text != null
                ? names.text(text).getBytes(StandardCharsets.UTF_8)
                : names
                    .text(new String(body, StandardCharsets.ISO_8859_1))
                    .getBytes(StandardCharsets.ISO_8859_1);
    return new Exchange(
        scrubbed.method(),
        names.target(scrubbed.target()),
        request,
        scrubbed.status(),
        response,
        redactedBody,
        names.text(scrubbed.failure()));
  }

  private List<Field> redacted(List<Field> fields) {
    return fields.stream().map(f -> new Field(f.name(), names.text(f.value()))).toList();
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The answer's headers and when it came by this host's clock, for a replay's clock offset. */
  private static List<Field> received(List<Field> headers) {
    List<Field> all = new ArrayList<>(headers);
    all.add(new Field(Capture.RECEIVED_AT, Instant.now().toString()));
    return all;
  }

  private static List<Field> fields(Header[] headers, Set<String> dropped) {
    List<Field> fields = new ArrayList<>();
    for (Header header : headers) {
      if (!dropped.contains(header.getName().toLowerCase(Locale.ROOT))) {
        fields.add(new Field(header.getName(), header.getValue()));
      }
    }
    return fields;
  }

  private static CdpSourceException cannotWrite(Path directory, IOException e) {
    String why =
        e instanceof AccessDeniedException
            ? "permission denied"
            : e instanceof FileSystemException f && f.getReason() != null
                ? f.getReason()
                : e instanceof FileSystemException
                    ? "cannot create " + ((FileSystemException) e).getFile()
                    : Errors.plain(e.getMessage());
    return new CdpSourceException(
        Kind.CONFIGURATION, "cannot write the capture into %s: %s".formatted(directory, why));
  }
}
