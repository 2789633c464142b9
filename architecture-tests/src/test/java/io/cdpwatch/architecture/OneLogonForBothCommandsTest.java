package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both commands on one host share the session cache: one EM logon between them. */
class OneLogonForBothCommandsTest {

  @TempDir Path dir;

  @Test
  void aCheckAndACollectAndADiscoveryLogOnOnce() throws IOException {
    Scenario scenario = Scenario.load(Path.of("../em-simulator/scenarios/test/demo.scenario"));
    EmSimulator simulator = EmSimulator.start(scenario);
    try {
      Path password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
      List<String> connection =
          List.of(
              "--url", simulator.baseUrl(),
              "-u", simulator.user(),
              "--password-file", password.toString(),
              "--session-cache", dir.resolve("cache").toString());
      Clock clock = Clock.fixed(scenario.now(), ZoneOffset.UTC);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

      int check = CheckVeeamCdp.run(connection, Map.of(), print, print, clock, EmSources::open);
      for (String mode : List.of("collect", "discovery")) {
        List<String> args = new ArrayList<>(List.of(mode));
        args.addAll(connection);
        int zabbix =
            ZbxVeeamCdp.run(
                args,
                Map.of(),
                print,
                print,
                clock,
                EmSources::open,
                (servers, host, key, value, at, timeout) -> {
                  throw new AssertionError(mode + " sends nothing");
                },
                Watchdog.NONE);
        assertEquals(0, zabbix, out.toString(StandardCharsets.UTF_8));
      }

      assertEquals(2, check, out.toString(StandardCharsets.UTF_8));
      assertEquals(1, simulator.counters().logons());
      assertEquals(0, simulator.counters().logoffs(), "the cached session stays open for the next");
    } finally {
      simulator.stop();
    }
  }
}
