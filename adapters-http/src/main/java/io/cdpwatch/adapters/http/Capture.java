package io.cdpwatch.adapters.http;

import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hc.core5.http.HttpRequest;

/**
 * The capture that {@code --dump DIR} writes and {@code --replay DIR} reads: a directory (owner
 * only) with an {@code index} and one file per exchange, {@code 0001.http}, {@code 0002.http}, ...
 * in the order they happened.
 *
 * <p>The {@code index} is text: {@code cdpwatch-capture 1}, then {@code recorded-at INSTANT} (the
 * run's "now", which a replay judges at), {@code base-url URL}, {@code user NAME}, {@code redacted
 * yes|no}, then one line per exchange: {@code 0001.http GET /api/ -> 200}.
 *
 * <p>An exchange file is the request line ({@code GET /api/query?...}), the request headers, a
 * blank line, the answer's status ({@code 200}; {@code 204 no-body} when the answer had no body;
 * {@code failed java.net.ConnectException: message} when none came), the answer's headers, a blank
 * line, and the answer's body exactly as the client read it (decompressed); among the answer's
 * headers the recorder adds {@value #RECEIVED_AT}, when it came by the recording host's clock (set
 * against EM's {@code Date}, a replay finds the clock offset the run found). Requests carry no
 * body. Credentials, tokens, cookies and SessionIds are replaced by {@code removed...} before
 * anything is written.
 */
public final class Capture {

  static final String MAGIC = "cdpwatch-capture 1";
  static final String INDEX = "index";
  static final String RECEIVED_AT = "X-Cdpwatch-Received-At";
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private Capture() {}

  /** What the index of a capture says about the run that made it. */
  public record Summary(URI baseUrl, String username, Instant recordedAt, boolean redacted) {}

  /** One header of a request or an answer. */
  record Field(String name, String value) {}

  /**
   * One request and its answer. {@code status} is -1 when no answer came ({@code failure} says
   * why); {@code body} is null when the answer had none.
   */
  record Exchange(
      String method,
      String target,
      List<Field> requestHeaders,
      int status,
      List<Field> responseHeaders,
      byte[] body,
      String failure) {

    Exchange {
      requestHeaders = List.copyOf(requestHeaders);
      responseHeaders = List.copyOf(responseHeaders);
    }

    Optional<String> responseHeader(String name) {
      return responseHeaders.stream()
          .filter(f -> f.name().equalsIgnoreCase(name))
          .map(Field::value)
          .findFirst();
    }

    String describe() {
      return method + " " + target;
    }
  }

  /**
   * Reads the index of the capture in {@code directory}.
   *
   * @throws CdpSourceException of kind CONFIGURATION when it is not a readable capture
   */
  public static Summary summary(Path directory) {
    List<String> lines = indexLines(directory);
    try {
      return new Summary(
          new URI(value(lines, "base-url", directory)),
          value(lines, "user", directory),
          Instant.parse(value(lines, "recorded-at", directory)),
          value(lines, "redacted", directory).equals("yes"));
    } catch (URISyntaxException | DateTimeParseException e) {
      throw notACapture(directory, "its index is damaged (" + e.getMessage() + ")");
    }
  }

  /** The exchange files of the capture in {@code directory}, in the order the index lists them. */
  static List<Path> exchangeFiles(Path directory) {
    List<Path> files = new ArrayList<>();
    for (String line : indexLines(directory)) {
      if (line.matches("\\d{4,}\\.http .*")) {
        files.add(directory.resolve(line.substring(0, line.indexOf(' '))));
      }
    }
    return files;
  }

  /** The path and query a request asks for, as sent. */
  static String target(HttpRequest request) {
    try {
      URI uri = request.getUri();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    } catch (URISyntaxException e) {
      return request.getRequestUri();
    }
  }

  static String fileName(int number) {
    return "%04d.http".formatted(number);
  }

  static String indexHeader(Instant recordedAt, String baseUrl, String user, boolean redacted) {
    return "%s%nrecorded-at %s%nbase-url %s%nuser %s%nredacted %s%n"
        .formatted(MAGIC, recordedAt, baseUrl, user, redacted ? "yes" : "no");
  }

  static String indexLine(String file, Exchange exchange) {
    return "%s %s -> %s%n"
        .formatted(file, exchange.describe(), exchange.status() < 0 ? "failed" : exchange.status());
  }

  static byte[] format(Exchange exchange) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder();
    head.append(exchange.method()).append(' ').append(exchange.target()).append('\n');
    exchange
        .requestHeaders()
        .forEach(f -> head.append(f.name()).append(": ").append(f.value()).append('\n'));
    head.append('\n');
    if (exchange.status() < 0) {
      head.append("failed ").append(exchange.failure().replaceAll("[\\r\\n]+", " ")).append('\n');
    } else {
      head.append(exchange.status()).append(exchange.body() == null ? " no-body" : "").append('\n');
    }
    exchange
        .responseHeaders()
        .forEach(f -> head.append(f.name()).append(": ").append(f.value()).append('\n'));
    head.append('\n');
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (exchange.body() != null) {
      out.writeBytes(exchange.body());
    }
    return out.toByteArray();
  }

  static Exchange parse(Path file) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (IOException e) {
      throw notACapture(file.getParent(), "cannot read " + file.getFileName());
    }
    int[] at = {0};
    String requestLine = line(all, at);
    int space = requestLine.indexOf(' ');
    if (space <= 0) {
      throw notACapture(file.getParent(), file.getFileName() + " has no request line");
    }
    List<Field> requestHeaders = fields(all, at);
    String statusLine = line(all, at);
    List<Field> responseHeaders = fields(all, at);
    String method = requestLine.substring(0, space);
    String target = requestLine.substring(space + 1);
    if (statusLine.startsWith("failed ")) {
      return new Exchange(
          method, target, requestHeaders, -1, responseHeaders, null, statusLine.substring(7));
    }
    try {
      int status = Integer.parseInt(statusLine.split(" ", 2)[0]);
      byte[] body =
          statusLine.endsWith(" no-body") ? null : Arrays.copyOfRange(all, at[0], all.length);
      return new Exchange(method, target, requestHeaders, status, responseHeaders, body, "");
    } catch (NumberFormatException e) {
      throw notACapture(
          file.getParent(), file.getFileName() + " has no status line: '" + statusLine + "'");
    }
  }

  /**
   * A request target as a replay compares it: the path and each query parameter percent-decoded
   * ({@code +} as a space), in their order, so that an encoding that differs is still the same.
   */
  static String comparable(String target) {
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    StringBuilder key = new StringBuilder(decode(path.replace("+", "%2B")));
    if (question >= 0) {
      key.append('?');
      String separator = "";
      for (String pair : target.substring(question + 1).split("&")) {
        int equals = pair.indexOf('=');
        key.append(separator);
        if (equals < 0) {
          key.append(decode(pair));
        } else {
          key.append(decode(pair.substring(0, equals)))
              .append('=')
              .append(decode(pair.substring(equals + 1)));
        }
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

  /** Creates {@code directory} owner-only, or takes an empty one and makes it owner-only. */
  static void createDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      try (var entries = Files.list(directory)) {
        if (entries.findAny().isPresent()) {
          throw new IOException("it is not empty (a capture needs a directory of its own)");
        }
      }
      if (POSIX) {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      }
      return;
    }
    if (POSIX) {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(directory);
    }
  }

  /** Writes {@code file} (owner-only when created), replacing what it held. */
  static void write(Path file, byte[] content) throws IOException {
    if (POSIX && !Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.write(
        file,
        content,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  static CdpSourceException notACapture(Path directory, String why) {
    return new CdpSourceException(
        Kind.CONFIGURATION, "%s is not a capture of cdpwatch --dump: %s".formatted(directory, why));
  }

  private static List<String> indexLines(Path directory) {
    List<String> lines;
    try {
      lines = Files.readAllLines(directory.resolve(INDEX), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw notACapture(directory, "it has no index file");
    } catch (IOException e) {
      throw notACapture(directory, "its index cannot be read (" + e.getMessage() + ")");
    }
    if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
      throw notACapture(directory, "its index does not start with '" + MAGIC + "'");
    }
    return lines;
  }

  private static String value(List<String> lines, String key, Path directory) {
    return lines.stream()
        .filter(line -> line.startsWith(key + " "))
        .map(line -> line.substring(key.length() + 1))
        .findFirst()
        .orElseThrow(() -> notACapture(directory, "its index names no " + key));
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

  private static List<Field> fields(byte[] all, int[] at) {
    List<Field> fields = new ArrayList<>();
    while (at[0] < all.length) {
      String line = line(all, at);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      fields.add(
          colon < 0
              ? new Field(line, "")
              : new Field(line.substring(0, colon), line.substring(colon + 1).strip()));
    }
    return fields;
  }
}
