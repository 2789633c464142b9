package io.cdpwatch.adapters.zabbix;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cdpwatch.adapters.zabbix.ZabbixSender.Result;
import io.cdpwatch.adapters.zabbix.ZabbixSender.Server;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ZabbixSenderTest {

  private static final Instant CLOCK = Instant.ofEpochSecond(1795953600L, 123456789);
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final Duration SAFETY_NET = Duration.ofSeconds(10);
  private static final String KEY = "veeam.cdp.raw";
  private static final String OK_INFO =
      "processed: 1; failed: 0; total: 1; seconds spent: 0.000055";

  private final List<FakeTrapper> trappers = new ArrayList<>();

  @AfterEach
  void closeTrappers() {
    trappers.forEach(FakeTrapper::close);
  }

  // ---- the request on the wire ----

  @Test
  void framesTheRequestWithItsLengthInUtf8Bytes() {
    FakeTrapper trapper = start(Behaviour.reply(reply("success", OK_INFO)));
    String host = "Zürich Ströme 東京";
    String value = "{\"vms\":[{\"name\":\"fileserver ä 02 ☃\"}]}";

    Result result = send(List.of(trapper.server()), host, value);

    assertTrue(result.processed(), result.toString());
    String json =
        "{\"request\":\"sender data\",\"data\":[{\"host\":\"Zürich Ströme 東京\","
            + "\"key\":\"veeam.cdp.raw\","
            + "\"value\":\"{\\\"vms\\\":[{\\\"name\\\":\\\"fileserver ä 02 ☃\\\"}]}\","
            + "\"clock\":1795953600,\"ns\":123456789}],\"clock\":1795953600,\"ns\":123456789}";
    byte[] payload = json.getBytes(UTF_8);
    assertTrue(payload.length > json.length(), "the payload must contain multi-byte characters");
    byte[] expected =
        ByteBuffer.allocate(13 + payload.length)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put(new byte[] {'Z', 'B', 'X', 'D', 0x01})
            .putInt(payload.length)
            .putInt(0)
            .put(payload)
            .array();
    assertEquals(1, trapper.requests().size());
    byte[] received = trapper.requests().get(0);
    assertEquals(
        HexFormat.of().formatHex(expected, 0, 13), HexFormat.of().formatHex(received, 0, 13));
    assertArrayEquals(expected, received);
  }

  @Test
  void headerLengthIsLittleEndian() {
    byte[] payload = new byte[0x010203];
    byte[] frame = ZabbixSender.frame(payload);
    assertEquals("5a42584401" + "03020100" + "00000000", HexFormat.of().formatHex(frame, 0, 13));
    assertEquals(13 + payload.length, frame.length);
  }

  @Test
  void escapesQuotesBackslashesNewlinesAndControlCharacters() {
    String value = "a\"b\\c\nd\re\tf\u0001g\u001fh/i\u007fj";
    byte[] request = ZabbixSender.request("h", KEY, value, CLOCK);
    String json = new String(request, UTF_8);

    assertTrue(
        json.contains("\"value\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001Fh/i\u007fj\","), json);
    assertFalse(json.contains("\n"), json);
    assertEquals(value, valueOf(request));
  }

  @Test
  void sendsClockAndNanosecondsForTheValueAndTheRequest() {
    String json =
        new String(
            ZabbixSender.request("h", KEY, "v", Instant.ofEpochSecond(1700000000L, 5)), UTF_8);
    assertEquals(
        "{\"request\":\"sender data\",\"data\":[{\"host\":\"h\",\"key\":\"veeam.cdp.raw\","
            + "\"value\":\"v\",\"clock\":1700000000,\"ns\":5}],\"clock\":1700000000,\"ns\":5}",
        json);
  }

  // ---- the reply ----

  @Test
  void aPlainReplyIsProcessed() {
    FakeTrapper trapper =
        start(
            Behaviour.reply(
                frame(
                    0x01,
                    ("{\"response\":\"success\",\"version\":{\"major\":[6,0]},\"info\":\""
                            + OK_INFO
                            + "\"}")
                        .getBytes(UTF_8))));

    Result result = send(List.of(trapper.server()), "h", "v");

    assertEquals(Optional.of(trapper.server()), result.server());
    assertEquals(OK_INFO, result.info());
    assertEquals(1, result.processedCount());
    assertEquals(0, result.failedCount());
    assertEquals(1, result.totalCount());
    assertEquals("", result.failure());
    assertTrue(result.answered());
    assertTrue(result.processed());
  }

  @Test
  void inflatesACompressedReply() {
    byte[] json = replyJson("success", OK_INFO);
    byte[] compressed = deflate(json);
    byte[] reply =
        ByteBuffer.allocate(13 + compressed.length)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put(new byte[] {'Z', 'B', 'X', 'D', 0x03})
            .putInt(compressed.length)
            .putInt(json.length)
            .put(compressed)
            .array();
    FakeTrapper trapper = start(Behaviour.reply(reply));

    Result result = send(List.of(trapper.server()), "h", "v");

    assertTrue(result.processed(), result.toString());
    assertEquals(OK_INFO, result.info());
  }

  @Test
  void readsALargeFramedReply() {
    byte[] json = replyJson("success", OK_INFO);
    FakeTrapper trapper = start(Behaviour.reply(largeFrame(0x05, json, 0)));

    Result result = send(List.of(trapper.server()), "h", "v");

    assertTrue(result.processed(), result.toString());
  }

  @Test
  void readsALargeFramedCompressedReply() {
    byte[] json = replyJson("success", OK_INFO);
    FakeTrapper trapper = start(Behaviour.reply(largeFrame(0x07, deflate(json), json.length)));

    Result result = send(List.of(trapper.server()), "h", "v");

    assertTrue(result.processed(), result.toString());
  }

  @ParameterizedTest
  @MethodSource("infoInAnyCase")
  void readsInfoInAnyCase(String info) {
    FakeTrapper trapper = start(Behaviour.reply(reply("SUCCESS", info)));

    Result result = send(List.of(trapper.server()), "h", "v");

    assertTrue(result.processed(), result.toString());
    assertEquals(info, result.info());
  }

  static Stream<String> infoInAnyCase() {
    return Stream.of(
        "PROCESSED: 1; FAILED: 0; TOTAL: 1; SECONDS SPENT: 0.000055",
        "Processed: 1; Failed: 0; Total: 1; Seconds spent: 0.000055",
        "processed:1;failed:0;total:1");
  }

  @Test
  void aFailedValueIsNotProcessedAndNoOtherServerIsTried() {
    FakeTrapper first =
        start(
            Behaviour.reply(
                reply("success", "processed: 0; failed: 1; total: 1; seconds spent: 0")));
    FakeTrapper second = start(Behaviour.reply(reply("success", OK_INFO)));

    Result result = send(List.of(first.server(), second.server()), "Linux DB3", "v");

    assertFalse(result.processed());
    assertTrue(result.answered());
    assertEquals(Optional.of(first.server()), result.server());
    assertEquals(0, result.processedCount());
    assertEquals(1, result.failedCount());
    assertEquals(1, result.totalCount());
    assertEquals(
        "not processed: check that host \"Linux DB3\" exists, has trapper item veeam.cdp.raw, and"
            + " that this machine is in its Allowed hosts; the server's configuration cache may"
            + " not know it yet",
        result.failure());
    assertEquals(0, second.connections());
  }

  @Test
  void aResponseOtherThanSuccessIsAnAnswerToo() {
    FakeTrapper first = start(Behaviour.reply(reply("failed", "cannot parse\nthe data")));
    FakeTrapper second = start(Behaviour.reply(reply("success", OK_INFO)));

    Result result = send(List.of(first.server(), second.server()), "h", "v");

    assertFalse(result.processed());
    assertEquals(Optional.of(first.server()), result.server());
    assertEquals(-1, result.processedCount());
    assertEquals(first.server() + " answered \"failed\": cannot parse the data", result.failure());
    assertEquals(0, second.connections());
  }

  @Test
  void moreThanTheOneValueIsNotTheValueProcessed() {
    FakeTrapper trapper =
        start(Behaviour.reply(reply("success", "processed: 2; failed: 0; total: 2")));

    Result result = send(List.of(trapper.server()), "h", "v");

    assertFalse(result.processed());
    assertTrue(result.failure().startsWith("not processed: "), result.failure());
  }

  @Test
  void successWithoutCountsIsNotProcessed() {
    FakeTrapper first = start(Behaviour.reply(reply("success", "all good")));
    FakeTrapper second = start(Behaviour.reply(reply("success", OK_INFO)));

    Result result = send(List.of(first.server(), second.server()), "h", "v");

    assertFalse(result.processed());
    assertEquals(Optional.of(first.server()), result.server());
    assertEquals(
        first.server()
            + " answered success, but its info does not say the value was processed: \"all good\"",
        result.failure());
    assertEquals(0, second.connections());
  }

  // ---- several servers ----

  @Test
  void aServerThatRefusesConnectionsIsSkipped() {
    Server refusing = refusingServer();
    FakeTrapper second = start(Behaviour.reply(reply("success", OK_INFO)));

    Result result = send(List.of(refusing, second.server()), "h", "v");

    assertTrue(result.processed(), result.toString());
    assertEquals(Optional.of(second.server()), result.server());
    assertEquals(1, second.requests().size());
  }

  @Test
  void aServerThatNeverAnswersTimesOutWithinTheDeadlineAndTheNextIsUsed() {
    FakeTrapper silent = start(Behaviour.SILENT);
    FakeTrapper second = start(Behaviour.reply(reply("success", OK_INFO)));

    Result result =
        assertTimeoutPreemptively(
            SAFETY_NET,
            () ->
                ZabbixSender.send(
                    List.of(silent.server(), second.server()),
                    "h",
                    KEY,
                    "v",
                    CLOCK,
                    Duration.ofSeconds(2)));

    assertTrue(result.processed(), result.toString());
    assertEquals(Optional.of(second.server()), result.server());
    assertEquals(1, silent.requests().size(), "the silent server got the request");
  }

  @Test
  void aServerThatStopsReadingCannotBlockTheSend() {
    FakeTrapper deaf = start(Behaviour.DEAF);
    FakeTrapper second = start(Behaviour.reply(reply("success", OK_INFO)));
    // Far more than the socket buffers hold while nobody reads.
    String value = "x".repeat(24 << 20);

    Result result =
        assertTimeoutPreemptively(
            SAFETY_NET,
            () ->
                ZabbixSender.send(
                    List.of(deaf.server(), second.server()),
                    "h",
                    KEY,
                    value,
                    CLOCK,
                    Duration.ofSeconds(2)));

    assertTrue(result.processed(), result.toString());
    assertEquals(Optional.of(second.server()), result.server());
    assertEquals(1, deaf.connections());
  }

  @Test
  void whenNoServerAnswersTheFailureNamesEach() {
    Server refusing = refusingServer();
    FakeTrapper silent = start(Behaviour.SILENT);

    Result result =
        assertTimeoutPreemptively(
            SAFETY_NET,
            () ->
                ZabbixSender.send(
                    List.of(refusing, silent.server()),
                    "h",
                    KEY,
                    "v",
                    CLOCK,
                    Duration.ofSeconds(1)));

    assertFalse(result.answered());
    assertFalse(result.processed());
    assertEquals(Optional.empty(), result.server());
    assertEquals("", result.info());
    assertEquals(-1, result.processedCount());
    String prefix = "no Zabbix server answered: " + refusing + ": connection refused; ";
    assertTrue(result.failure().startsWith(prefix), result.failure());
    String rest = result.failure().substring(prefix.length());
    assertTrue(
        rest.matches(Pattern.quote(silent.server() + ": no reply within ") + "[0-9.]+m?s"), rest);
    assertFalse(result.failure().contains("\n"));
  }

  @Test
  void anUnknownHostIsSkipped() {
    FakeTrapper second = start(Behaviour.reply(reply("success", OK_INFO)));
    Server unknown = new Server("no-such-host.invalid", 10051);

    Result result = send(List.of(unknown, second.server()), "h", "v");

    assertTrue(result.processed(), result.toString());
  }

  // ---- garbled replies ----

  @ParameterizedTest
  @MethodSource("garbledReplies")
  void aGarbledReplyIsNoAnswer(String what, byte[] reply, String reason) {
    FakeTrapper garbled = start(Behaviour.reply(reply));

    Result result = send(List.of(garbled.server()), "h", "v");

    assertFalse(result.answered(), what);
    String expected = "no Zabbix server answered: " + garbled.server() + ": " + reason;
    if (reason.endsWith("...")) {
      String prefix = expected.substring(0, expected.length() - 3);
      assertTrue(result.failure().startsWith(prefix), result.failure());
    } else {
      assertEquals(expected, result.failure());
    }
  }

  static Stream<Arguments> garbledReplies() {
    byte[] json = replyJson("success", OK_INFO);
    return Stream.of(
        Arguments.of("nothing", new byte[0], "the server closed the connection without replying"),
        Arguments.of(
            "HTTP",
            "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(UTF_8),
            "garbled reply: it does not start with ZBXD, this is no Zabbix trapper"),
        Arguments.of(
            "short magic",
            "ZBX".getBytes(UTF_8),
            "garbled reply: the connection closed after 3 bytes, inside the reply's header"),
        Arguments.of(
            "short lengths",
            Arrays.copyOf(frame(0x01, json), 9),
            "garbled reply: the connection closed after 9 bytes, inside the reply's header"),
        Arguments.of(
            "short data",
            Arrays.copyOf(frame(0x01, json), 20),
            "garbled reply: the connection closed after 20 bytes, inside the reply's data"),
        Arguments.of(
            "no protocol flag",
            frame(0x00, json),
            "garbled reply: flags 0x00 lack the protocol flag 0x01"),
        Arguments.of(
            "oversized",
            header(0x01, ZabbixSender.MAX_REPLY + 1, 0),
            "garbled reply: it announces 16777217 bytes, more than the 16 MiB accepted"),
        Arguments.of(
            "4 GiB - 1",
            header(0x01, 0xFFFFFFFF, 0),
            "garbled reply: it announces 4294967295 bytes, more than the 16 MiB accepted"),
        Arguments.of(
            "oversized large",
            largeHeader(0x05, 1L << 40, 0),
            "garbled reply: it announces 1099511627776 bytes, more than the 16 MiB accepted"),
        Arguments.of(
            "negative large",
            largeHeader(0x05, -1L, 0),
            "garbled reply: it announces 18446744073709551615 bytes, more than the 16 MiB"
                + " accepted"),
        Arguments.of(
            "inflates too large",
            concat(header(0x03, 20, ZabbixSender.MAX_REPLY + 1), new byte[20]),
            "garbled reply: it announces 16777217 bytes, more than the 16 MiB accepted"),
        Arguments.of(
            "corrupt compression",
            concat(header(0x03, 4, 100), new byte[] {1, 2, 3, 4}),
            "garbled reply: its compressed data are corrupt"),
        Arguments.of(
            "inflated length differs",
            concat(header(0x03, deflate(json).length, json.length + 1), deflate(json)),
            "garbled reply: its compressed data do not inflate to the "
                + (json.length + 1)
                + " bytes announced"),
        Arguments.of(
            "not JSON",
            frame(0x01, "<html>".getBytes(UTF_8)),
            "garbled reply: it is not valid JSON: ..."),
        Arguments.of(
            "a JSON array",
            frame(0x01, "[1]".getBytes(UTF_8)),
            "garbled reply: it is not a JSON object"),
        Arguments.of(
            "empty data", frame(0x01, new byte[0]), "garbled reply: it is not a JSON object"),
        Arguments.of(
            "truncated JSON",
            frame(0x01, "{\"response\":\"success\",".getBytes(UTF_8)),
            "garbled reply: it is not valid JSON: ..."),
        Arguments.of(
            "no response",
            frame(0x01, ("{\"info\":\"" + OK_INFO + "\"}").getBytes(UTF_8)),
            "garbled reply: it has no \"response\""));
  }

  @Test
  void aGarbledReplyFromTheFirstServerLeadsToTheSecond() {
    FakeTrapper garbled =
        start(Behaviour.reply("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(UTF_8)));
    FakeTrapper second = start(Behaviour.reply(reply("success", OK_INFO)));

    Result result = send(List.of(garbled.server(), second.server()), "h", "v");

    assertTrue(result.processed(), result.toString());
    assertEquals(Optional.of(second.server()), result.server());
  }

  // ---- the server parser ----

  @Test
  void parsesServers() {
    assertEquals(new Server("zabbix.example.com", 10051), Server.parse("zabbix.example.com"));
    assertEquals(new Server("zbx-01", 10052), Server.parse("zbx-01:10052"));
    assertEquals(new Server("10.0.0.1", 65535), Server.parse("10.0.0.1:65535"));
    assertEquals(new Server("10.0.0.1", 1), Server.parse(" 10.0.0.1:1 "));
    assertEquals(new Server("::1", 10051), Server.parse("[::1]:10051"));
    assertEquals(new Server("::1", 10051), Server.parse("[::1]"));
    assertEquals(new Server("2001:db8::7", 20051), Server.parse("[2001:db8::7]:20051"));
    assertEquals(new Server("fe80::1%eth0", 10051), Server.parse("[fe80::1%eth0]"));
  }

  @Test
  void printsServersAsTheyAreWritten() {
    assertEquals("[::1]:10051", Server.parse("[::1]").toString());
    assertEquals("zbx:10051", Server.parse("zbx").toString());
  }

  @ParameterizedTest
  @MethodSource("badServers")
  void refusesBadServers(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Server.parse(text));
    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> badServers() {
    String port = "the port must be a number from 1 to 65535";
    return Stream.of(
        Arguments.of("x:y", "--zabbix-server 'x:y': " + port),
        Arguments.of("x:0", "--zabbix-server 'x:0': " + port),
        Arguments.of("x:65536", "--zabbix-server 'x:65536': " + port),
        Arguments.of("x:100000", "--zabbix-server 'x:100000': " + port),
        Arguments.of("x:", "--zabbix-server 'x:': " + port),
        Arguments.of("x:+1", "--zabbix-server 'x:+1': " + port),
        Arguments.of("x:-1", "--zabbix-server 'x:-1': " + port),
        Arguments.of("[::1]:0", "--zabbix-server '[::1]:0': " + port),
        Arguments.of("", "--zabbix-server '': give a host name or address, optionally with :PORT"),
        Arguments.of(
            "::1", "--zabbix-server '::1': write an IPv6 address in brackets, e.g. [::1]:10051"),
        Arguments.of(
            "2001:db8::1:10051",
            "--zabbix-server '2001:db8::1:10051': write an IPv6 address in brackets, e.g."
                + " [::1]:10051"),
        Arguments.of(
            "[::1", "--zabbix-server '[::1': an IPv6 address in brackets needs its closing ']'"),
        Arguments.of("[::1]x", "--zabbix-server '[::1]x': only :PORT may follow the ']'"),
        Arguments.of(
            "[]:1",
            "--zabbix-server '[]:1': the brackets must hold an IPv6 address, e.g. [::1]:10051"),
        Arguments.of(
            "[zbx]:1",
            "--zabbix-server '[zbx]:1': the brackets must hold an IPv6 address, e.g."
                + " [::1]:10051"),
        Arguments.of(
            ":10051",
            "--zabbix-server ':10051': the host name or address before the ':' is missing"),
        Arguments.of("zbx 01", "--zabbix-server 'zbx 01': 'zbx 01' is not a host name or address"),
        Arguments.of(
            "http://zbx",
            "--zabbix-server 'http://zbx': the port must be a number from 1 to 65535"));
  }

  @Test
  void refusesNoServers() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ZabbixSender.send(List.of(), "h", KEY, "v", CLOCK, TIMEOUT));
  }

  // ---- helpers ----

  private FakeTrapper start(Behaviour behaviour) {
    FakeTrapper trapper = new FakeTrapper(behaviour);
    trappers.add(trapper);
    return trapper;
  }

  private static Result send(List<Server> servers, String host, String value) {
    return assertTimeoutPreemptively(
        SAFETY_NET, () -> ZabbixSender.send(servers, host, KEY, value, CLOCK, TIMEOUT));
  }

  /** A loopback port that nothing listens on (just closed). */
  private static Server refusingServer() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new Server("127.0.0.1", s.getLocalPort());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String valueOf(byte[] request) {
    try (JsonParser p = new JsonFactory().createParser(request)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("value")) {
          p.nextToken();
          return p.getText();
        }
      }
      throw new AssertionError("no value");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] replyJson(String response, String info) {
    // Fixed test documents: no escaping needed in them.
    return ("{\"response\":\"" + response + "\",\"info\":\"" + info + "\"}").getBytes(UTF_8);
  }

  private static byte[] reply(String response, String info) {
    String escaped = info.replace("\n", "\\n");
    return frame(0x01, replyJson(response, escaped));
  }

  private static byte[] frame(int flags, byte[] data) {
    return concat(header(flags, data.length, 0), data);
  }

  private static byte[] header(int flags, int length, int reserved) {
    return ByteBuffer.allocate(13)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put(new byte[] {'Z', 'B', 'X', 'D', (byte) flags})
        .putInt(length)
        .putInt(reserved)
        .array();
  }

  private static byte[] largeHeader(int flags, long length, long reserved) {
    return ByteBuffer.allocate(21)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put(new byte[] {'Z', 'B', 'X', 'D', (byte) flags})
        .putLong(length)
        .putLong(reserved)
        .array();
  }

  private static byte[] largeFrame(int flags, byte[] data, long reserved) {
    return concat(largeHeader(flags, data.length, reserved), data);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater();
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[256];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** What the fake trapper does with each connection. */
  interface Behaviour {
    /** Never reads: the sender's writes stall once the socket buffers are full. */
    Behaviour DEAF = (request, in, out) -> {};

    /** Reads the request, then waits for the sender to give up. */
    Behaviour SILENT = (request, in, out) -> in.transferTo(OutputStream.nullOutputStream());

    void handle(byte[] request, InputStream in, OutputStream out) throws IOException;

    static Behaviour reply(byte[] reply) {
      return (request, in, out) -> out.write(reply);
    }
  }

  /** A Zabbix trapper on loopback that records the exact bytes of each request. */
  static final class FakeTrapper implements AutoCloseable {
    private final ServerSocket socket;
    private final Behaviour behaviour;
    private final List<byte[]> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    FakeTrapper(Behaviour behaviour) {
      this.behaviour = behaviour;
      try {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      thread = new Thread(this::serve, "fake-trapper-" + socket.getLocalPort());
      thread.setDaemon(true);
      thread.start();
    }

    Server server() {
      return new Server("127.0.0.1", socket.getLocalPort());
    }

    List<byte[]> requests() {
      return requests;
    }

    int connections() {
      return connections.get();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          accepted.add(s);
          connections.incrementAndGet();
          if (behaviour == Behaviour.DEAF) {
            closed.await();
            continue;
          }
          DataInputStream in = new DataInputStream(s.getInputStream());
          byte[] header = in.readNBytes(13);
          int length =
              header.length < 13
                  ? -1
                  : ByteBuffer.wrap(header, 5, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
          if (length < 0 || length > 64 << 20) {
            requests.add(header); // a broken frame: recorded, then hung up on
            continue;
          }
          byte[] request = Arrays.copyOf(header, 13 + length);
          in.readFully(request, 13, length);
          requests.add(request);
          behaviour.handle(request, in, s.getOutputStream());
          s.getOutputStream().flush();
        } catch (IOException e) {
          // the sender went away, or the trapper closed
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      closed.countDown();
      try {
        socket.close();
        for (Socket s : accepted) {
          s.close();
        }
        thread.join(5000);
      } catch (IOException | InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
