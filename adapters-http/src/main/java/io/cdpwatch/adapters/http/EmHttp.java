package io.cdpwatch.adapters.http;

import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import jakarta.xml.bind.JAXBException;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.xml.stream.XMLStreamException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.InputStreamFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the EM client: one HttpClient 5 (classic) per source, no cookie store, no
 * automatic retries or redirects, proxies from the standard Java properties, gzip accepted. Every
 * exchange gets the time left of the run's deadline as its connect and response timeout, and a
 * watchdog cancels it when the deadline passes, so a server that never answers cannot hold a run.
 */
final class EmHttp implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(EmHttp.class);

  /**
   * The answers' content codings accepted: gzip, what IIS compresses with. Given here because
   * HttpClient's default list looks for Brotli and Commons Compress on the class path, which makes
   * the JVM search every jar on every run.
   */
  private static final LinkedHashMap<String, InputStreamFactory> GZIP_ONLY =
      new LinkedHashMap<>(Map.of("gzip", GZIPInputStream::new));

  /** Cancels exchanges whose deadline passed. One daemon thread for the whole JVM. */
  private static final class Watchdog {
    static final ScheduledExecutorService TIMER =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "cdpwatch-em-deadline");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Reads a 2xx body. */
  interface BodyReader<T> {
    T read(ClassicHttpResponse response, InputStream body)
        throws IOException, XMLStreamException, JAXBException;
  }

  /** EM answered a non-2xx status with an XML (or empty) body. */
  static final class StatusException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Optional<String> emMessage;

    StatusException(int status, Optional<String> emMessage) {
      super("HTTP " + status, null, false, false);
      this.status = status;
      this.emMessage = emMessage;
    }

    int status() {
      return status;
    }

    Optional<String> emMessage() {
      return emMessage;
    }
  }

  /**
   * A non-XML answer that names the request as too long or invalid: a protocol failure unless the
   * query ladder tries a plainer form.
   */
  static final class RefusedRequest extends CdpSourceException {
    private static final long serialVersionUID = 1L;

    RefusedRequest(String message) {
      super(Kind.PROTOCOL, message);
    }
  }

  private static final Pattern REFUSAL =
      Pattern.compile(
          "too long|too large|invalid (url|request|query)|bad request", Pattern.CASE_INSENSITIVE);

  private final EmClientConfig config;
  private final Deadline deadline;
  private final TlsTrust tls;
  private final Transport transport;
  private final String endpoint;
  private volatile Deadline current;
  private volatile Duration clockOffset;

  EmHttp(EmClientConfig config, Deadline deadline) {
    this.config = config;
    this.deadline = deadline;
    this.current = deadline;
    URI base = config.baseUrl();
    boolean https = base.getScheme().equals("https");
    int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
    this.endpoint = base.getHost() + ":" + port;
    if (config.replay().isPresent()) {
      this.tls = null;
      this.transport = ReplayTransport.open(config.replay().get());
      return;
    }
    this.tls = https ? TlsTrust.of(config) : null;
    Transport live = live(tls);
    this.transport = config.dump().isPresent() ? CaptureRecorder.around(live, config) : live;
  }

  /** EM itself, over one HttpClient with a small connection pool. */
  private Transport live(TlsTrust tls) {
    PoolingHttpClientConnectionManagerBuilder builder =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(4)
            .setMaxConnTotal(4)
            .setConnectionConfigResolver(
                route ->
                    ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(current.leftMillis()))
                        .setSocketTimeout(Timeout.ofMilliseconds(current.leftMillis()))
                        .build());
    if (tls != null) {
      builder.setTlsSocketStrategy(
          ClientTlsStrategyBuilder.create()
              .setSslContext(tls.context())
              .setHostVerificationPolicy(
                  tls.verifyHostname()
                      ? HostnameVerificationPolicy.BOTH
                      : HostnameVerificationPolicy.CLIENT)
              .setHostnameVerifier(
                  tls.verifyHostname()
                      ? new DefaultHostnameVerifier()
                      : NoopHostnameVerifier.INSTANCE)
              .buildClassic());
    } else {
      // A plain http:// EM: without a strategy of its own HttpClient would build the JDK's default
      // TLS context (and load its CA store) on every run, for a connection it never makes.
      builder.setTlsSocketStrategy(
          (socket, target, port, attachment, context) -> {
            throw new IOException("TLS to " + target + " on a connection to an http:// EM");
          });
    }
    PoolingHttpClientConnectionManager connections = builder.build();
    CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableCookieManagement()
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableAuthCaching()
            .setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
            .setContentDecoderRegistry(GZIP_ONLY)
            .setUserAgent("cdpwatch")
            .build();
    return new Transport() {
      @Override
      public <T> T execute(
          HttpUriRequestBase request, HttpClientResponseHandler<? extends T> handler)
          throws IOException {
        return client.execute(request, handler);
      }

      @Override
      public void close() {
        client.close(CloseMode.IMMEDIATE);
        connections.close(CloseMode.IMMEDIATE);
      }
    };
  }

  String endpoint() {
    return endpoint;
  }

  Deadline deadline() {
    return deadline;
  }

  /** When the certificate EM presented last stops being valid; empty over HTTP or before any. */
  Optional<Instant> certificateExpiry() {
    return tls == null
        ? Optional.empty()
        : tls.presented().map(certificate -> certificate.getNotAfter().toInstant());
  }

  /** How far EM's clock is ahead of ours by the {@code Date} of its latest answer that had one. */
  Optional<Duration> clockOffset() {
    return Optional.ofNullable(clockOffset);
  }

  /**
   * Notes the clock offset an answer's {@code Date} gives, against when it came: now, or for a
   * replay when the recording host received it (a capture without that gives none).
   */
  private void noteClock(ClassicHttpResponse response) {
    Header date = response.getFirstHeader("Date");
    Instant em = date == null ? null : EmTimes.httpDate(date.getValue());
    if (em == null) {
      return;
    }
    Instant here = Instant.now();
    if (config.replay().isPresent()) {
      Header received = response.getFirstHeader(Capture.RECEIVED_AT);
      try {
        here = received == null ? null : Instant.parse(received.getValue());
      } catch (DateTimeParseException e) {
        here = null;
      }
    }
    if (here != null) {
      // The Date is EM's time cut to the second: half a second later is the likeliest moment.
      long millis = Duration.between(here, em).toMillis() + 500;
      clockOffset = Duration.ofSeconds(Math.round(millis / 1000.0));
    }
  }

  /**
   * Sends {@code request} and reads a 2xx answer with {@code reader}.
   *
   * @throws StatusException for a non-2xx answer in XML (or without a body)
   * @throws CdpSourceException for everything else that went wrong
   */
  <T> T exchange(HttpUriRequestBase request, String what, BodyReader<T> reader) {
    return exchange(deadline, request, what, reader);
  }

  /**
   * As {@link #exchange}, with the time the run kept in reserve as well: for the logoff, which is
   * still tried when the reads ran out of time.
   */
  <T> T exchangeInReserve(HttpUriRequestBase request, String what, BodyReader<T> reader) {
    return exchange(deadline.withReserve(), request, what, reader);
  }

  private <T> T exchange(
      Deadline deadline, HttpUriRequestBase request, String what, BodyReader<T> reader) {
    deadline.check(what);
    this.current = deadline;
    long left = deadline.leftMillis();
    request.setConfig(
        RequestConfig.custom()
            .setResponseTimeout(Timeout.ofMilliseconds(left))
            .setConnectionRequestTimeout(Timeout.ofMilliseconds(left))
            .setRedirectsEnabled(false)
            .build());
    request.setHeader("Accept", "application/xml");
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> watchdog =
        Watchdog.TIMER.schedule(
            () -> {
              expired.set(true);
              request.cancel();
            },
            left,
            TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    try {
      return transport.execute(request, response -> handle(request, response, what, reader));
    } catch (CdpSourceException | StatusException e) {
      // The watchdog's cancel makes a body being read break off: that is the deadline's doing.
      if (expired.get()) {
        throw deadline.timeout(what);
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      throw Errors.transport(e, deadline, endpoint, tls, what);
    } finally {
      watchdog.cancel(false);
      LOG.debug(
          "{} {} took {} ms",
          request.getMethod(),
          request.getPath().replaceAll("\\?.*", ""),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  private <T> T handle(
      HttpUriRequestBase request, ClassicHttpResponse response, String what, BodyReader<T> reader)
      throws IOException {
    try {
      int status = response.getCode();
      LOG.debug("{} {} -> {}", request.getMethod(), what, status);
      noteClock(response);
      HttpEntity entity = response.getEntity();
      String contentType = contentType(response, entity);
      if (status >= 200 && status < 300) {
        if (entity == null) {
          return reader.read(response, InputStream.nullInputStream());
        }
        if (contentType != null && !isXml(contentType)) {
          throw new CdpSourceException(
              Kind.PROTOCOL,
              ("EM's answer to %s is %s, not XML: is %s the REST API of Enterprise Manager"
                      + " (https://host:9398/api)?")
                  .formatted(what, contentType, config.baseUrl()));
        }
        return reader.read(response, limited(entity, what));
      }
      if (status >= 300 && status < 400) {
        Header location = response.getFirstHeader("Location");
        throw new CdpSourceException(
            Kind.PROTOCOL,
            "EM answered %s with a redirect (%d)%s: use that address as the base URL"
                .formatted(what, status, location == null ? "" : " to " + location.getValue()));
      }
      if (contentType != null && !isXml(contentType)) {
        String message =
            "EM answered %s with %d and %s instead of EM's XML: %s"
                .formatted(
                    what,
                    status,
                    contentType,
                    status == 404
                        ? "is this EM's port? " + EmAdvice.PORTS
                        : "is a proxy or another web server answering instead of EM?");
        if (refusesRequest(status, entity)) {
          throw new RefusedRequest(message);
        }
        throw new CdpSourceException(Kind.PROTOCOL, message);
      }
      Optional<String> message =
          entity == null
              ? Optional.empty()
              : EmXml.readErrorMessage(new Limited(entity.getContent(), 64 * 1024));
      throw new StatusException(status, message);
    } catch (XMLStreamException | JAXBException e) {
      request.cancel();
      throw Errors.xml(e, what);
    } catch (IOException | RuntimeException | Error e) {
      // Never drain an unwanted body: cancelling drops the connection instead.
      request.cancel();
      throw e;
    }
  }

  /**
   * Whether a non-XML error page refuses the request itself (a proxy's or Kestrel's "request too
   * long" or "invalid URL"), which a shorter or plainer query may pass.
   */
  private static boolean refusesRequest(int status, HttpEntity entity) throws IOException {
    if (status == 414 || status == 431) {
      return true;
    }
    if (status != 400 || entity == null) {
      return false;
    }
    byte[] head = entity.getContent().readNBytes(4096);
    return REFUSAL.matcher(new String(head, StandardCharsets.ISO_8859_1)).find();
  }

  private InputStream limited(HttpEntity entity, String what) throws IOException {
    long max = config.maxBodyBytes();
    if (entity.getContentLength() > max) {
      throw new CdpSourceException(
          Kind.PROTOCOL,
          "EM's answer to %s announces %d bytes, more than the %d accepted; refused to read it"
              .formatted(what, entity.getContentLength(), max));
    }
    return new Limited(entity.getContent(), max);
  }

  private static String contentType(ClassicHttpResponse response, HttpEntity entity) {
    String type = entity != null ? entity.getContentType() : null;
    if (type == null) {
      Header header = response.getFirstHeader("Content-Type");
      type = header == null ? null : header.getValue();
    }
    return type == null || type.isBlank() ? null : type.strip();
  }

  private static boolean isXml(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    String mime = (semicolon >= 0 ? type.substring(0, semicolon) : type).strip();
    return mime.equals("application/xml") || mime.equals("text/xml") || mime.endsWith("+xml");
  }

  @Override
  public void close() {
    transport.close();
  }

  /** Counts the body while it is read and stops at the ceiling. */
  private static final class Limited extends FilterInputStream {
    private final long max;
    private long count;

    Limited(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) throws IOException {
      count += n;
      if (count > max) {
        throw new Errors.BodyTooLarge(max);
      }
    }
  }
}
