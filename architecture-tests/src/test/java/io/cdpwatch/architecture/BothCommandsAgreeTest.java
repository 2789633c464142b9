package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpwatch.adapters.nagios.CheckVeeamCdp;
import io.cdpwatch.adapters.zabbix.ZbxVeeamCdp;
import io.cdpwatch.cli.EmSources;
import io.cdpwatch.cli.Watchdog;
import io.cdpwatch.emsim.CdpPolicy;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.PolicySession;
import io.cdpwatch.emsim.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check_veeam_cdp} and {@code zbx_veeam_cdp collect} run on the same simulated estates with
 * the same arguments never disagree: the same overall state, and for every VM and every policy the
 * Zabbix document holds, a Nagios line with the same state (so neither leaves an item out).
 */
class BothCommandsAgreeTest {

  private static final Path ESTATES = Path.of("../em-simulator/scenarios/test");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Path propertyDir;

  static Stream<Arguments> estatesAndSelections() {
    List<Arguments> cases = new ArrayList<>();
    for (String estate : List.of("demo", "all-failed", "no-cdp", "quoted-names")) {
      cases.add(Arguments.of(estate, List.of()));
    }
    cases.add(Arguments.of("no-cdp", List.of("--allow-empty")));
    cases.add(Arguments.of("demo", List.of("--backup-server", "nowhere")));
    cases.add(Arguments.of("demo", List.of("--policy", "CDP DR Site", "--policy", "CDP Gone")));
    cases.add(Arguments.of("demo", List.of("--vm", "fileserver 02", "--vm", "ghost vm")));
    cases.add(
        Arguments.of(
            "demo",
            List.of("--vm", "erp-db01", "--vm-regex", "^(erp|SAP)", "--exclude-vm-regex", "db")));
    cases.add(Arguments.of("demo", List.of("-w", "26h", "-c", "2d")));
    cases.add(Arguments.of("demo", List.of("-c", "@0:5h")));
    cases.add(Arguments.of("demo", List.of("--backup-server", "backupsrv02.tech.local")));
    cases.add(
        Arguments.of("demo", List.of("--task-session", "3f2c8a51-7d0e-4b6a-9c1f-5e8d2b7a4c90")));
    for (int seed = 1; seed <= 8; seed++) {
      cases.add(Arguments.of("random " + seed, List.of("-w", "20h")));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("estatesAndSelections")
  void theyAgreeOnEveryVmAndPolicy(String estate, List<String> selection) throws IOException {
    Scenario scenario =
        estate.startsWith("random ")
            ? randomEstate(Long.parseLong(estate.substring("random ".length())))
            : Scenario.load(ESTATES.resolve(estate + ".scenario"));
    EmSimulator simulator = EmSimulator.start(scenario);
    try {
      Path password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
      List<String> connection =
          List.of(
              "--url",
              simulator.baseUrl(),
              "-u",
              simulator.user(),
              "--password-file",
              password.toString(),
              "--no-session-cache");
      Clock clock = Clock.fixed(scenario.now(), ZoneOffset.UTC);

      List<String> nagiosArgs = new ArrayList<>(connection);
      nagiosArgs.addAll(selection);
      nagiosArgs.add("-v");
      ByteArrayOutputStream nagiosOut = new ByteArrayOutputStream();
      int nagiosExit =
          CheckVeeamCdp.run(
              nagiosArgs,
              Map.of(),
              print(nagiosOut),
              print(new ByteArrayOutputStream()),
              clock,
              EmSources::open);
      List<String> zabbixArgs = new ArrayList<>(List.of("collect"));
      zabbixArgs.addAll(connection);
      zabbixArgs.addAll(selection);
      ByteArrayOutputStream zabbixOut = new ByteArrayOutputStream();
      int zabbixExit =
          ZbxVeeamCdp.run(
              zabbixArgs,
              Map.of(),
              print(zabbixOut),
              print(new ByteArrayOutputStream()),
              clock,
              EmSources::open,
              (servers, host, key, value, at, timeout) -> {
                throw new AssertionError("collect sends nothing");
              },
              Watchdog.NONE);

      String nagios = nagiosOut.toString(StandardCharsets.UTF_8);
      JsonNode document = JSON.readTree(zabbixOut.toString(StandardCharsets.UTF_8));
      if (!document.get("error").isNull()) {
        assertEquals(1, zabbixExit);
        assertEquals(3, nagiosExit, nagios);
        assertEquals(
            "CDP UNKNOWN - " + document.get("error").asText().replace(';', ',') + "\n", nagios);
        return;
      }
      assertEquals(0, zabbixExit, document.toString());
      assertEquals(nagiosExit, document.get("state").asInt(), nagios);
      List<String> lines = nagios.lines().skip(1).toList();
      assertTrue(nagios.length() < 8_000 && !nagios.contains("not shown"), "all of it: " + nagios);
      for (JsonNode vm : document.get("vms")) {
        assertEquals(
            state(vm.get("state").asInt()), nagiosState(lines, vmPrefix(vm)), vm.toString());
      }
      for (JsonNode policy : document.get("policies")) {
        assertEquals(
            state(policy.get("state").asInt()),
            nagiosState(lines, policyPrefix(policy)),
            policy.toString());
      }
      assertEquals(
          document.get("vms").size() + document.get("policies").size(),
          lines.size(),
          "every Nagios line is an item of the document:\n" + nagios + "\n" + document);
    } finally {
      simulator.stop();
    }
  }

  /**
   * Random estates (jqwik draws the seed, and shrinks a failing one) with random thresholds: the
   * same verdicts through both presenters, every VM and policy in both.
   */
  @Property(tries = 40)
  void randomEstatesGiveTheSameVerdictsThroughBothPresenters(
      @ForAll long seed, @ForAll("thresholds") List<String> thresholds) throws IOException {
    if (propertyDir == null) {
      // jqwik does not fill JUnit's @TempDir (and Jupiter's is gone once its tests are done).
      propertyDir = Files.createTempDirectory("both-commands-agree");
      propertyDir.toFile().deleteOnExit();
    }
    dir = propertyDir;
    theyAgreeOnEveryVmAndPolicy("random " + seed, thresholds);
  }

  @Provide
  Arbitrary<List<String>> thresholds() {
    return Arbitraries.of(
        List.of(),
        List.of("-w", "20h"),
        List.of("-w", "26h", "-c", "2d"),
        List.of("-c", "@0:5h"),
        List.of("-w", "1h:", "-c", "30m:"),
        List.of("--vm-regex", "-[02]$"),
        List.of("--policy", "policy 1"));
  }

  /** An estate drawn from {@code seed}: every outcome EM can report, undocumented ones too. */
  private static Scenario randomEstate(long seed) {
    Random random = new Random(seed);
    Scenario.Builder b =
        Scenario.builder().now(Instant.parse("2026-11-29T12:00:00Z")).credentials("mon", "pw");
    var server = b.backupServer("bs" + seed + ".example.com");
    String[] results = {"Success", "Success", "Warning", "Failed", "None"};
    String[] states = {"InProgress", "Completed", "Completed", "Postprocessing"};
    String[] policyStates = {"Working", "Working", "Stopped", "Hibernating"};
    for (int p = 0; p < 3; p++) {
      CdpPolicy policy = b.policy(server, "policy " + p);
      Instant created = b.ago(Duration.ofHours(2 + random.nextInt(40)));
      String policyState = policyStates[random.nextInt(policyStates.length)];
      PolicySession session =
          b.policySession(
              policy,
              created,
              policyState.equals("Working") ? null : created.plus(Duration.ofHours(1)),
              policyState,
              random.nextBoolean() ? "Failed" : "None",
              random.nextBoolean() ? "Error: stopped for a reason" : "",
              false);
      for (int v = 0; v < 4; v++) {
        String vm = "vm " + p + "-" + v;
        int sessions = 1 + random.nextInt(3);
        for (int s = 0; s < sessions; s++) {
          Instant start = created.plus(Duration.ofMinutes(1 + random.nextInt(60 * 30)));
          if (start.isAfter(b.now())) {
            start = b.now().minus(Duration.ofMinutes(random.nextInt(60)));
          }
          String result = results[random.nextInt(results.length)];
          String state = states[random.nextInt(states.length)];
          b.taskSession(
              session,
              vm,
              start,
              state.equals("InProgress") ? null : start.plus(Duration.ofMinutes(5)),
              state,
              result,
              result.equals("Success") ? "" : "Error: reason " + random.nextInt(100));
        }
      }
    }
    return b.build();
  }

  private static String vmPrefix(JsonNode vm) {
    List<String> where = new ArrayList<>();
    if (!vm.get("policy").asText().isEmpty()) {
      where.add("policy " + vm.get("policy").asText());
    }
    if (!vm.get("backup_server").asText().isEmpty()) {
      where.add("server " + vm.get("backup_server").asText());
    }
    return vm.get("name").asText() + (where.isEmpty() ? "" : " (" + String.join(", ", where) + ")");
  }

  private static String policyPrefix(JsonNode policy) {
    String server = policy.get("backup_server").asText();
    return "policy " + policy.get("name").asText() + (server.isEmpty() ? "" : " on " + server);
  }

  /** The state of the one Nagios detail line about the item whose text starts so. */
  private static String nagiosState(List<String> lines, String prefix) {
    String nagiosText = prefix.replace('|', '/') + ": ";
    List<String> states =
        lines.stream()
            .filter(line -> line.indexOf(": ") > 0)
            .filter(line -> line.substring(line.indexOf(": ") + 2).startsWith(nagiosText))
            .map(line -> line.substring(0, line.indexOf(": ")))
            .toList();
    assertEquals(1, states.size(), "one line for '" + nagiosText + "' in " + lines);
    return states.get(0);
  }

  private static String state(int code) {
    return List.of("OK", "WARNING", "CRITICAL", "UNKNOWN").get(code);
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }
}
