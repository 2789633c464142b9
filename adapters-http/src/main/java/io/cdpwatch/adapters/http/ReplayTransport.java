package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.Capture.Exchange;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each request from a capture instead of EM: the next recorded exchange with the same
 * method and target (see {@link Capture#comparable}), in the order they were recorded. A request
 * the capture holds no (further) answer to fails the run, naming it.
 */
final class ReplayTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayTransport.class);

  private final Path directory;
  private final Map<String, Deque<Exchange>> answers = new HashMap<>();

  private ReplayTransport(Path directory, List<Exchange> exchanges) {
    this.directory = directory;
    for (Exchange exchange : exchanges) {
      answers
          .computeIfAbsent(key(exchange.method(), exchange.target()), k -> new ArrayDeque<>())
          .add(exchange);
    }
  }

  /**
   * @throws CdpSourceException of kind CONFIGURATION when {@code directory} is not a capture
   */
  static ReplayTransport open(Path directory) {
    Capture.Summary summary = Capture.summary(directory);
    LOG.info(
        "replaying the capture {} of {} made at {}{}",
        directory,
        summary.baseUrl(),
        summary.recordedAt(),
        summary.redacted() ? " (redacted)" : "");
    return new ReplayTransport(
        directory, Capture.exchangeFiles(directory).stream().map(Capture::parse).toList());
  }

  @Override
  public synchronized <T> T execute(
      HttpUriRequestBase request, HttpClientResponseHandler<? extends T> handler)
      throws IOException {
    String target = Capture.target(request);
    Deque<Exchange> queue = answers.get(key(request.getMethod(), target));
    if (queue == null || queue.isEmpty()) {
      throw new CdpSourceException(
          Kind.CONFIGURATION,
          "the capture %s holds no %sanswer to %s %s: replay it with the options of the run that made it"
              .formatted(directory, queue == null ? "" : "further ", request.getMethod(), target));
    }
    Exchange exchange = queue.poll();
    if (exchange.status() < 0) {
      throw recordedFailure(exchange.failure());
    }
    BasicClassicHttpResponse response = new BasicClassicHttpResponse(exchange.status());
    exchange.responseHeaders().forEach(f -> response.addHeader(f.name(), f.value()));
    if (exchange.body() != null) {
      response.setEntity(
          new CapturedEntity(
              exchange.body(), exchange.responseHeader("Content-Type").orElse(null)));
    }
    try {
      return handler.handleResponse(response);
    } catch (HttpException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The failure the recorded run met, of the same class when it is a plain I/O exception. */
  private static IOException recordedFailure(String failure) {
    int colon = failure.indexOf(": ");
    String type = colon < 0 ? failure : failure.substring(0, colon);
    String message = colon < 0 ? "" : failure.substring(colon + 2);
    try {
      Class<?> found = Class.forName(type);
      if (IOException.class.isAssignableFrom(found)) {
        return (IOException) found.getConstructor(String.class).newInstance(message);
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      // fall back to a plain IOException below
    }
    return new IOException(failure);
  }

  private static String key(String method, String target) {
    return method + " " + Capture.comparable(target);
  }

  @Override
  public void close() {
    // nothing held open
  }
}
