package io.cdpwatch.adapters.zabbix;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The Zabbix sender protocol (what {@code zabbix_sender} speaks to a server's or proxy's trapper):
 * one value for one trapper item, tried on each server in order until one answers.
 *
 * <p>A server that cannot be reached, does not answer within its share of the time, or answers
 * something that is not a sender reply is skipped for the next (HA nodes: only the active one
 * listens). Any real reply is the answer, even one that refuses the value: the value reached a
 * server, and the others would refuse it for the same reason.
 */
public final class ZabbixSender {

  public static final int DEFAULT_PORT = 10051;

  /** The largest reply accepted, compressed or not; a sender reply is a hundred bytes or so. */
  static final int MAX_REPLY = 16 << 20;

  private static final byte[] MAGIC = {'Z', 'B', 'X', 'D'};
  private static final int FLAG_PROTOCOL = 0x01;
  private static final int FLAG_COMPRESSED = 0x02;
  private static final int FLAG_LARGE = 0x04;

  private static final JsonFactory JSON = new JsonFactory();

  private static final Pattern PROCESSED = count("processed");
  private static final Pattern FAILED = count("failed");
  private static final Pattern TOTAL = count("total");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private ZabbixSender() {}

  /** A Zabbix server or proxy trapper: {@code HOST[:PORT]}, an IPv6 address in brackets. */
  public record Server(String host, int port) {

    public Server {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty()) {
        throw new IllegalArgumentException("a Zabbix server needs a host name or address");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "Zabbix server port " + port + ": the port must be a number from 1 to 65535");
      }
    }

    /**
     * Parses a {@code --zabbix-server} value: {@code HOST}, {@code HOST:PORT}, {@code [V6]:PORT}.
     */
    public static Server parse(String text) {
      String t = text == null ? "" : text.strip();
      if (t.isEmpty()) {
        throw bad(text, "give a host name or address, optionally with :PORT");
      }
      String host;
      String port = null;
      if (t.startsWith("[")) {
        int close = t.indexOf(']');
        if (close < 0) {
          throw bad(text, "an IPv6 address in brackets needs its closing ']'");
        }
        host = t.substring(1, close);
        String rest = t.substring(close + 1);
        if (rest.startsWith(":")) {
          port = rest.substring(1);
        } else if (!rest.isEmpty()) {
          throw bad(text, "only :PORT may follow the ']'");
        }
        if (!host.contains(":") || !IPV6.matcher(host).matches()) {
          throw bad(text, "the brackets must hold an IPv6 address, e.g. [::1]:10051");
        }
      } else {
        int colon = t.indexOf(':');
        if (colon >= 0 && t.indexOf(':', colon + 1) >= 0) {
          throw bad(text, "write an IPv6 address in brackets, e.g. [::1]:10051");
        }
        host = colon < 0 ? t : t.substring(0, colon);
        port = colon < 0 ? null : t.substring(colon + 1);
        if (host.isEmpty()) {
          throw bad(text, "the host name or address before the ':' is missing");
        }
        if (!HOST_NAME.matcher(host).matches()) {
          throw bad(text, "'" + host + "' is not a host name or address");
        }
      }
      int number = DEFAULT_PORT;
      if (port != null) {
        number = PORT.matcher(port).matches() ? Integer.parseInt(port) : 0;
        if (number < 1 || number > 65535) {
          throw bad(text, "the port must be a number from 1 to 65535");
        }
      }
      return new Server(host, number);
    }

    private static IllegalArgumentException bad(String text, String why) {
      return new IllegalArgumentException("--zabbix-server '" + text + "': " + why);
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * What became of the value.
   *
   * @param server the server that answered; empty when none did
   * @param info the server's {@code info} line as it sent it; empty when there is none
   * @param processedCount {@code processed: N} of {@code info}; -1 when unknown (no answer, a
   *     response other than success, or an {@code info} that does not say)
   * @param failedCount {@code failed: N}, -1 when unknown
   * @param totalCount {@code total: N}, -1 when unknown
   * @param failure one line on why the value was not processed; empty when it was
   */
  public record Result(
      Optional<Server> server,
      String info,
      int processedCount,
      int failedCount,
      int totalCount,
      String failure) {

    /** True only when a server processed the one value sent. */
    public boolean processed() {
      return server.isPresent() && processedCount == 1 && failedCount == 0 && totalCount == 1;
    }

    /** True when a server answered, whether or not it processed the value. */
    public boolean answered() {
      return server.isPresent();
    }
  }

  /**
   * Sends {@code value} as the value of item {@code key} of host {@code host} (the technical host
   * name), timestamped {@code clock}, to the first of {@code servers} that answers. The whole call
   * ends within {@code timeout} (plus a few milliseconds); each server gets an equal share of what
   * is left when its turn comes, so that a hanging first server leaves time for the next.
   */
  public static Result send(
      List<Server> servers,
      String host,
      String key,
      String value,
      Instant clock,
      Duration timeout) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("give at least one --zabbix-server");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive: " + timeout);
    }
    byte[] frame = frame(request(host, key, value, clock));
    long end = System.nanoTime() + timeout.toNanos();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      Server server = servers.get(i);
      long left = end - System.nanoTime();
      if (left <= 0) {
        failures.add(server + ": not tried, the timeout of " + format(timeout) + " was spent");
        continue;
      }
      long share = left / (servers.size() - i);
      try {
        return answer(server, exchange(server, frame, share), host, key);
      } catch (NoAnswer e) {
        failures.add(server + ": " + e.getMessage());
      }
    }
    return new Result(
        Optional.empty(),
        "",
        -1,
        -1,
        -1,
        "no Zabbix server answered: " + String.join("; ", failures));
  }

  /** The request document, UTF-8. */
  static byte[] request(String host, String key, String value, Instant clock) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 256);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("request", "sender data");
      g.writeArrayFieldStart("data");
      g.writeStartObject();
      g.writeStringField("host", host);
      g.writeStringField("key", key);
      g.writeStringField("value", value);
      g.writeNumberField("clock", clock.getEpochSecond());
      g.writeNumberField("ns", clock.getNano());
      g.writeEndObject();
      g.writeEndArray();
      g.writeNumberField("clock", clock.getEpochSecond());
      g.writeNumberField("ns", clock.getNano());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to a byte array does no I/O
    }
    return out.toByteArray();
  }

  /**
   * The header, then the payload. The large form (8-byte lengths, flag 0x04) is never needed to
   * send: a Java array is shorter than 4 GiB.
   */
  static byte[] frame(byte[] payload) {
    return ByteBuffer.allocate(13 + payload.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put(MAGIC)
        .put((byte) FLAG_PROTOCOL)
        .putInt(payload.length)
        .putInt(0)
        .put(payload)
        .array();
  }

  /** Why a server gave no usable answer: the next one is tried. */
  private static final class NoAnswer extends Exception {
    NoAnswer(String message) {
      super(message, null, false, false);
    }
  }

  /** Sends the frame and returns the reply's data, within {@code budgetNanos}. */
  private static byte[] exchange(Server server, byte[] frame, long budgetNanos) throws NoAnswer {
    long end = System.nanoTime() + budgetNanos;
    String within = format(Duration.ofNanos(budgetNanos));
    AtomicBoolean expired = new AtomicBoolean();
    boolean connected = false;
    try (Socket socket = new Socket()) {
      // Socket timeouts bound connect and reads, not writes: a server that stops reading would
      // block a write for ever. The watchdog closes the socket at the end of the share.
      Thread watchdog = watchdog(socket, end, expired);
      try {
        InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
        if (address.isUnresolved()) {
          throw new NoAnswer("unknown host");
        }
        socket.connect(address, millisLeft(end));
        connected = true;
        socket.setTcpNoDelay(true);
        socket.getOutputStream().write(frame);
        socket.getOutputStream().flush();
        return readReply(socket, end);
      } finally {
        watchdog.interrupt();
      }
    } catch (UnknownHostException e) {
      throw new NoAnswer("unknown host");
    } catch (IOException e) {
      if (e instanceof SocketTimeoutException || expired.get()) {
        throw new NoAnswer((connected ? "no reply within " : "no connection within ") + within);
      }
      throw new NoAnswer(describe(e));
    }
  }

  private static Thread watchdog(Socket socket, long end, AtomicBoolean expired) {
    Thread t =
        new Thread(
            () -> {
              try {
                // A little later than the socket timeouts, which say more precisely what hung.
                TimeUnit.NANOSECONDS.sleep(end - System.nanoTime() + 50_000_000L);
                expired.set(true);
                socket.close();
              } catch (InterruptedException | IOException e) {
                // cancelled, or closed anyway
              }
            },
            "zabbix-sender-deadline");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static byte[] readReply(Socket socket, long end) throws IOException, NoAnswer {
    InputStream in = socket.getInputStream();
    byte[] head = read(socket, in, 5, end, 0, "header");
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        throw new NoAnswer("garbled reply: it does not start with ZBXD, this is no Zabbix trapper");
      }
    }
    int flags = head[4] & 0xff;
    if ((flags & FLAG_PROTOCOL) == 0) {
      throw new NoAnswer(
          "garbled reply: flags 0x%02x lack the protocol flag 0x01".formatted(flags));
    }
    boolean large = (flags & FLAG_LARGE) != 0;
    int fields = large ? 16 : 8;
    ByteBuffer lengths =
        ByteBuffer.wrap(read(socket, in, fields, end, 5, "header")).order(ByteOrder.LITTLE_ENDIAN);
    long length = large ? lengths.getLong() : Integer.toUnsignedLong(lengths.getInt());
    long uncompressed = large ? lengths.getLong() : Integer.toUnsignedLong(lengths.getInt());
    boolean compressed = (flags & FLAG_COMPRESSED) != 0;
    checkSize(length);
    if (compressed) {
      checkSize(uncompressed);
    }
    byte[] data = read(socket, in, (int) length, end, 5 + fields, "data");
    return compressed ? inflate(data, (int) uncompressed) : data;
  }

  private static void checkSize(long length) throws NoAnswer {
    // Negative: an 8-byte length beyond Long.MAX_VALUE.
    if (length < 0 || length > MAX_REPLY) {
      throw new NoAnswer(
          "garbled reply: it announces %s bytes, more than the %d MiB accepted"
              .formatted(Long.toUnsignedString(length), MAX_REPLY >> 20));
    }
  }

  /** Reads {@code n} bytes of the reply, of which {@code before} were read already. */
  private static byte[] read(
      Socket socket, InputStream in, int n, long end, int before, String part)
      throws IOException, NoAnswer {
    byte[] buffer = new byte[n];
    int got = 0;
    while (got < n) {
      if (end - System.nanoTime() <= 0) {
        throw new SocketTimeoutException();
      }
      socket.setSoTimeout(millisLeft(end));
      int k = in.read(buffer, got, n - got);
      if (k < 0) {
        if (before + got == 0) {
          throw new NoAnswer("the server closed the connection without replying");
        }
        throw new NoAnswer(
            "garbled reply: the connection closed after %d bytes, inside the reply's %s"
                .formatted(before + got, part));
      }
      got += k;
    }
    return buffer;
  }

  private static byte[] inflate(byte[] data, int uncompressed) throws NoAnswer {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      byte[] out = new byte[uncompressed];
      int n = 0;
      while (n < out.length && !inflater.finished()) {
        int k = inflater.inflate(out, n, out.length - n);
        if (k == 0) {
          break;
        }
        n += k;
      }
      if (n != out.length || !inflater.finished()) {
        throw new NoAnswer(
            "garbled reply: its compressed data do not inflate to the %d bytes announced"
                .formatted(uncompressed));
      }
      return out;
    } catch (DataFormatException e) {
      throw new NoAnswer("garbled reply: its compressed data are corrupt");
    } finally {
      inflater.end();
    }
  }

  private static Result answer(Server server, byte[] data, String host, String key)
      throws NoAnswer {
    String response = null;
    String info = null;
    try (JsonParser p = JSON.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new NoAnswer("garbled reply: it is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        if (name.equals("response") && token == JsonToken.VALUE_STRING) {
          response = p.getText();
        } else if (name.equals("info") && token == JsonToken.VALUE_STRING) {
          info = p.getText();
        } else {
          p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new NoAnswer("garbled reply: it is not valid JSON: " + oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // parsing a byte array does no I/O
    }
    if (response == null) {
      throw new NoAnswer("garbled reply: it has no \"response\"");
    }
    String text = info == null ? "" : info;
    if (!response.equalsIgnoreCase("success")) {
      return new Result(
          Optional.of(server),
          text,
          -1,
          -1,
          -1,
          "%s answered \"%s\"%s"
              .formatted(server, oneLine(response), text.isEmpty() ? "" : ": " + oneLine(text)));
    }
    int processed = find(PROCESSED, text);
    int failed = find(FAILED, text);
    int total = find(TOTAL, text);
    Result result = new Result(Optional.of(server), text, processed, failed, total, "");
    if (result.processed()) {
      return result;
    }
    String why =
        processed < 0 || failed < 0 || total < 0
            ? "%s answered success, but its info does not say the value was processed: \"%s\""
                .formatted(server, oneLine(text))
            : ("not processed: check that host \"%s\" exists, has trapper item %s, and that this"
                    + " machine is in its Allowed hosts; the server's configuration cache may not"
                    + " know it yet")
                .formatted(oneLine(host), oneLine(key));
    return new Result(Optional.of(server), text, processed, failed, total, why);
  }

  private static Pattern count(String word) {
    return Pattern.compile("\\b" + word + "\\s*:\\s*([0-9]{1,9})\\b", Pattern.CASE_INSENSITIVE);
  }

  private static int find(Pattern pattern, String info) {
    Matcher m = pattern.matcher(info);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    // "Connection refused", "No route to host": lower case inside our sentence.
    message = oneLine(message);
    return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }

  private static String oneLine(String text) {
    String line = text == null ? "" : text.replaceAll("\\p{Cntrl}+", " ").strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static int millisLeft(long end) {
    long millis = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
  }

  /** "3s", "1.5s", "250ms": a share of the timeout, to a tenth of a second. */
  private static String format(Duration d) {
    long tenths = Math.round(d.toMillis() / 100.0);
    if (tenths < 10) {
      return d.toMillis() + "ms";
    }
    return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
  }
}
