package io.cdpwatch.emsim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * {@code em-simulator --replay DIR}: serves a capture that {@code --dump DIR} wrote (its format is
 * documented with the client's {@code Capture}, which the simulator does not depend on): each
 * request gets the next recorded answer to the same method and target (path and query compared
 * decoded; failing that, one that differs only in its instants, since a client judges at its own
 * "now"), and the last one again once they are used up, so that a capture serves many runs. A
 * request the capture holds no answer to gets EM's 404 {@code <Error>}, naming it.
 */
public final class ReplayServer implements AutoCloseable {

  private static final String MAGIC = "cdpwatch-capture 1";
  private static final Pattern TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?Z");

  /** One recorded answer. */
  private record Answer(int status, List<String[]> headers, byte[] body) {}

  private final HttpServer server;
  private final Tls tls;
  private final String user;
  private final Map<String, Deque<Answer>> answers = new HashMap<>();
  private final Map<String, Deque<Answer>> timeless = new HashMap<>();

  private ReplayServer(Path capture, String bind, int port, boolean https) throws IOException {
    List<String> index = Files.readAllLines(capture.resolve("index"), StandardCharsets.UTF_8);
    if (index.isEmpty() || !index.get(0).equals(MAGIC)) {
      throw new IOException(capture + " is not a capture of cdpwatch --dump (no index)");
    }
    String named = "";
    for (String line : index) {
      if (line.startsWith("user ")) {
        named = line.substring(5);
      } else if (line.matches("\\d{4,}\\.http .*")) {
        read(capture.resolve(line.substring(0, line.indexOf(' '))));
      }
    }
    this.user = named;
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bind), port);
    this.tls = https ? Tls.of(java.util.Optional.empty(), java.time.Instant.now()) : null;
    if (tls != null) {
      HttpsServer s = HttpsServer.create(address, 64);
      s.setHttpsConfigurator(new HttpsConfigurator(tls.context));
      this.server = s;
    } else {
      this.server = HttpServer.create(address, 64);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves the capture in {@code capture} on {@code bind:port} (0: a free port). */
  public static ReplayServer start(Path capture, String bind, int port, boolean tls)
      throws IOException {
    return new ReplayServer(capture, bind, port, tls);
  }

  /** The API root, e.g. {@code http://127.0.0.1:40143/api}. */
  public String baseUrl() {
    return (tls != null ? "https://" : "http://")
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort()
        + "/api";
  }

  /** The user the capture was made as; any credentials log on. */
  public String user() {
    return user;
  }

  /** The certificate's SHA-256 (lower-case hex), or null without TLS. */
  public String certificateSha256() {
    return tls == null ? null : Tls.sha256(tls.certificate());
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int[] at = {0};
    String request = line(all, at);
    while (!line(all, at).isEmpty()) {
      // the request's headers: not needed to answer
    }
    String status = line(all, at);
    List<String[]> headers = new ArrayList<>();
    for (String header = line(all, at); !header.isEmpty(); header = line(all, at)) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.add(new String[] {header.substring(0, colon), header.substring(colon + 1).strip()});
      }
    }
    if (status.startsWith("failed ")) {
      return; // no answer came; the client will find none here either
    }
    int code;
    try {
      code = Integer.parseInt(status.split(" ", 2)[0]);
    } catch (NumberFormatException e) {
      throw new IOException(file + " has no status line");
    }
    byte[] body = status.endsWith(" no-body") ? null : Arrays.copyOfRange(all, at[0], all.length);
    int space = request.indexOf(' ');
    String key = key(request.substring(0, space), request.substring(space + 1));
    Answer answer = new Answer(code, headers, body);
    answers.computeIfAbsent(key, k -> new ArrayDeque<>()).add(answer);
    timeless.computeIfAbsent(timeless(key), k -> new ArrayDeque<>()).add(answer);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestURI().getRawPath();
      if (exchange.getRequestURI().getRawQuery() != null) {
        target += "?" + exchange.getRequestURI().getRawQuery();
      }
      exchange.getRequestBody().readAllBytes();
      Answer answer = next(key(exchange.getRequestMethod(), target));
      if (answer == null) {
        String message =
            "the capture holds no answer to %s %s"
                .formatted(exchange.getRequestMethod(), target)
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace("\"", "&quot;");
        answer =
            new Answer(
                404,
                List.<String[]>of(new String[] {"Content-Type", "application/xml; charset=utf-8"}),
                (Xml.DECLARATION
                        + "<Error xmlns=\""
                        + Xml.NS
                        + "\" Message=\""
                        + message
                        + "\" StatusCode=\"404\" />\n")
                    .getBytes(StandardCharsets.UTF_8));
      }
      for (String[] header : answer.headers()) {
        if (!header[0].equalsIgnoreCase("Date")) {
          exchange.getResponseHeaders().add(header[0], header[1]);
        }
      }
      byte[] body = answer.body();
      boolean empty = body == null || body.length == 0;
      exchange.sendResponseHeaders(answer.status(), empty ? -1 : body.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The next answer to {@code key}, else to a request that differs only in its times. */
  private synchronized Answer next(String key) {
    Answer exact = next(answers.get(key));
    return exact != null ? exact : next(timeless.get(timeless(key)));
  }

  private static Answer next(Deque<Answer> queue) {
    if (queue == null || queue.isEmpty()) {
      return null;
    }
    return queue.size() > 1 ? queue.poll() : queue.peek();
  }

  /**
   * A key without its instants: a client judging at its own "now" asks for sessions since another
   * moment than the recorded run did.
   */
  private static String timeless(String key) {
    return TIME.matcher(key).replaceAll("(time)");
  }

  /** Method, path and each query parameter decoded, as the client's replay compares them. */
  private static String key(String method, String target) {
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    StringBuilder key = new StringBuilder(method).append(' ');
    key.append(decode(path.replace("+", "%2B")));
    if (question >= 0) {
      key.append('?');
      String separator = "";
      for (String pair : target.substring(question + 1).split("&")) {
        int equals = pair.indexOf('=');
        key.append(separator)
            .append(
                equals < 0
                    ? decode(pair)
                    : decode(pair.substring(0, equals)) + "=" + decode(pair.substring(equals + 1)));
        separator = "&";
      }
    }
    return key.toString();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static String line(byte[] all, int[] at) {
    int start = at[0];
    int end = start;
    while (end < all.length && all[end] != '\n') {
      end++;
    }
    at[0] = Math.min(all.length, end + 1);
    return new String(all, start, end - start, StandardCharsets.UTF_8);
  }
}
