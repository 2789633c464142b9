package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.adapters.nagios.CheckVeeamCdp;
import io.cdpwatch.adapters.zabbix.ZbxVeeamCdp;
import io.cdpwatch.cli.EmSources;
import io.cdpwatch.cli.Watchdog;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Neither command prints the password, a SessionId or a token (base64 of the SessionId on real EM),
 * at any verbosity, on a fresh logon, a reused session or a logoff.
 */
class SecretsStayOutTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"-v", "-vv", "-vvv"})
  void noSecretAtAnyVerbosity(String verbosity) throws IOException {
    Scenario scenario = Scenario.load(Path.of("../em-simulator/scenarios/test/demo.scenario"));
    EmSimulator simulator = EmSimulator.start(scenario);
    try {
      Path password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
      List<String> base =
          List.of(
              "--url",
              simulator.baseUrl(),
              "-u",
              simulator.user(),
              "--password-file",
              password.toString(),
              verbosity);
      Clock clock = Clock.fixed(scenario.now(), ZoneOffset.UTC);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      PrintStream print = new PrintStream(all, true, StandardCharsets.UTF_8);
      String cache = dir.resolve("cache").toString();
      for (List<String> cacheMode :
          List.of(
              List.of("--session-cache", cache),
              List.of("--session-cache", cache),
              List.of("--no-session-cache"))) {
        List<String> check = new ArrayList<>(base);
        check.addAll(cacheMode);
        CheckVeeamCdp.run(check, Map.of(), print, print, clock, EmSources::open);
        for (String mode : List.of("collect", "discovery")) {
          List<String> zabbix = new ArrayList<>(List.of(mode));
          zabbix.addAll(check);
          ZbxVeeamCdp.run(
              zabbix,
              Map.of(),
              print,
              print,
              clock,
              EmSources::open,
              (servers, host, key, value, at, timeout) -> {
                throw new AssertionError("nothing is sent");
              },
              Watchdog.NONE);
        }
      }

      String printed = all.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("INFO"), "the runs did log: " + printed);
      assertFalse(printed.contains(simulator.password()), "the password");
      List<String> ids = simulator.sessionIdsIssued();
      assertTrue(ids.size() >= 2, "fresh logons happened: " + ids);
      for (String id : ids) {
        String token = Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));
        assertFalse(printed.contains(id), "SessionId " + id + " printed");
        assertFalse(printed.contains(token), "token of " + id + " printed");
      }
    } finally {
      simulator.stop();
    }
  }
}
