package io.cdpwatch.adapters.zabbix;

import io.cdpwatch.cli.EmSources;
import io.cdpwatch.cli.Watchdog;
import io.cdpwatch.core.testing.GoldenFiles;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Fault;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for {@code zbx_veeam_cdp}: a simulator estate and arguments in, the exact stdout,
 * stderr and exit code out. {@code golden/NAME.case} holds directives ({@code @scenario NAME} from
 * {@code em-simulator/scenarios/test}, {@code @tls}, {@code @fault PATH KIND [CODE]} ({@code unsupported-version v1_7,v1_6}: one fault per version), {@code
 * @password wrong|missing}, {@code @em closed|none}, {@code @zabbix processed|refused|away}) and
 * then the arguments, one a line; {@code golden/NAME.expected} the outcome. {@code
 * CDPWATCH_GOLDEN_UPDATE=1} rewrites the expected files (review the diff!).
 */
class GoldenOutputTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final Path SCENARIOS = Path.of("../em-simulator/scenarios/test");
  private static final Map<String, EmSimulator> SIMULATORS = new HashMap<>();

  @TempDir static Path dir;

  static Stream<String> cases() throws IOException {
    return GoldenFiles.cases(GOLDEN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputAndExitCodeAreExactlyTheGoldenOnes(String name) throws IOException {
    Map<String, String> directives = new HashMap<>();
    List<String> rest = new ArrayList<>();
    for (String line : Files.readAllLines(GOLDEN.resolve(name + ".case"), StandardCharsets.UTF_8)) {
      if (line.startsWith("@")) {
        int space = line.indexOf(' ');
        directives.put(
            space < 0 ? line.substring(1) : line.substring(1, space),
            space < 0 ? "" : line.substring(space + 1));
      } else {
        rest.add(line);
      }
    }
    boolean tls = directives.containsKey("tls");
    EmSimulator simulator = simulator(directives.getOrDefault("scenario", "demo"), tls);
    simulator.clearFaults();
    if (directives.containsKey("fault")) {
      String[] fault = directives.get("fault").split(" ");
      if (fault[1].equals("unsupported-version")) {
        for (String version : fault[2].split(",")) {
          simulator.addFault(fault[0], Fault.unsupportedVersion(version));
        }
      } else {
        simulator.addFault(fault[0], fault(fault));
      }
    }
    List<String> args = new ArrayList<>(rest.subList(0, Math.min(1, rest.size())));
    String em = directives.getOrDefault("em", "simulator");
    if (!em.equals("none")) {
      args.addAll(List.of("--url", em.equals("closed") ? closedUrl() : simulator.baseUrl()));
      args.addAll(List.of("-u", simulator.user(), "--no-session-cache"));
      Path passwordFile = dir.resolve(name + ".pw");
      switch (directives.getOrDefault("password", "right")) {
        case "wrong" -> PasswordFile.write(passwordFile, "not the password\n");
        case "missing" -> passwordFile = dir.resolve("no-such-file");
        default -> PasswordFile.write(passwordFile, simulator.password() + "\n");
      }
      args.addAll(List.of("--password-file", passwordFile.toString()));
    }
    args.addAll(rest.subList(Math.min(1, rest.size()), rest.size()));
    FakeZabbix zabbix = new FakeZabbix(directives.getOrDefault("zabbix", "processed"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        ZbxVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(simulator.scenario().now(), ZoneOffset.UTC),
            EmSources::open,
            zabbix,
            Watchdog.NONE);

    String actual =
        "exit %d\n--- stdout\n%s--- stderr\n%s%s"
            .formatted(
                exit,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                zabbix.sent.map(value -> "--- sent to veeam.cdp.raw\n" + value + "\n").orElse(""));
    actual =
        actual
            .replace(":" + simulator.port() + "/", ":<port>/")
            .replace(":" + simulator.port() + " ", ":<port> ")
            .replace(dir.toString(), "<tmp>")
            .replaceAll("([0-9A-F]{2}:){31}[0-9A-F]{2}", "<sha256>")
            .replaceAll(":\\d{4,5}: connection refused", ":<port>: connection refused")
            .replaceAll("127\\.0\\.0\\.1:\\d{4,5}/api", "127.0.0.1:<port>/api")
            .replaceAll("at 127\\.0\\.0\\.1:\\d{4,5}", "at 127.0.0.1:<port>");
    GoldenFiles.assertMatches(GOLDEN.resolve(name + ".expected"), actual);
  }

  private static Fault fault(String[] words) {
    return switch (words[1]) {
      case "status" -> Fault.status(Integer.parseInt(words[2]));
      case "hang" -> Fault.hang();
      case "truncated" -> Fault.truncated();
      case "html" -> Fault.html(200);
      case "external-entity" -> Fault.externalEntity();
      case "entity-bomb" -> Fault.entityBomb();
      default -> throw new IllegalArgumentException("no fault " + words[1] + " in this test");
    };
  }

  private static String closedUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/api";
    }
  }

  /** A Zabbix server as {@code send} sees it: it takes the value, refuses it, or is not there. */
  private static final class FakeZabbix implements ZbxVeeamCdp.Sender {
    private final String behaviour;
    private Optional<String> sent = Optional.empty();

    FakeZabbix(String behaviour) {
      this.behaviour = behaviour;
    }

    @Override
    public ZabbixSender.Result send(
        List<ZabbixSender.Server> servers,
        String host,
        String key,
        String value,
        java.time.Instant clock,
        java.time.Duration timeout) {
      sent = Optional.of(value);
      ZabbixSender.Server first = servers.get(0);
      return switch (behaviour) {
        case "refused" ->
            new ZabbixSender.Result(
                Optional.of(first),
                "processed: 0; failed: 1; total: 1; seconds spent: 0.000021",
                0,
                1,
                1,
                "not processed: check that host \"" + host + "\" exists, has trapper item " + key);
        case "away" ->
            new ZabbixSender.Result(
                Optional.empty(),
                "",
                -1,
                -1,
                -1,
                "no Zabbix server answered: " + first + ": connection refused");
        default ->
            new ZabbixSender.Result(
                Optional.of(first),
                "processed: 1; failed: 0; total: 1; seconds spent: 0.000042",
                1,
                0,
                1,
                "");
      };
    }
  }

  private static synchronized EmSimulator simulator(String scenario, boolean tls)
      throws IOException {
    String key = scenario + (tls ? "+tls" : "");
    EmSimulator running = SIMULATORS.get(key);
    if (running == null) {
      Scenario loaded = Scenario.load(SCENARIOS.resolve(scenario + ".scenario"));
      running = tls ? EmSimulator.startTls(loaded) : EmSimulator.start(loaded);
      SIMULATORS.put(key, running);
    }
    return running;
  }

  @AfterAll
  static void stopSimulators() {
    SIMULATORS.values().forEach(EmSimulator::stop);
    SIMULATORS.clear();
  }
}
