package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpwatch.adapters.http.CacheFiles;
import io.cdpwatch.adapters.nagios.CheckVeeamCdp;
import io.cdpwatch.adapters.zabbix.ZbxVeeamCdp;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 checks of each command, each its own JVM, started at once against one simulator with an empty
 * cache directory: one logon in all, every result the one a lone run gives, and a cache directory
 * that holds only sound owner-only files the next run uses.
 */
class LoadForkedTest {

  private static final int EACH = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static EmSimulator simulator;
  private static List<String> connection;
  private static Path cache;

  @BeforeAll
  static void start() throws Exception {
    simulator = EmSimulator.start(Scenario.builder().realClock().generate(2, 30, 3).build());
    Path password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
    cache = dir.resolve("cache");
    connection =
        List.of(
            "--url", simulator.baseUrl(),
            "-u", simulator.user(),
            "--password-file", password.toString(),
            "--session-cache", cache.toString(),
            "-t", "120");
  }

  @AfterAll
  static void stop() {
    simulator.stop();
  }

  @Test
  void fiftyOfEachAtOnceLogOnOnceAndAllAgree() throws Exception {
    List<Forked.Started> checks = new ArrayList<>();
    List<Forked.Started> collects = new ArrayList<>();
    for (int i = 0; i < EACH; i++) {
      checks.add(Forked.start(dir, List.of(), CheckVeeamCdp.class.getName(), connection));
      List<String> collect = new ArrayList<>(List.of("collect"));
      collect.addAll(connection);
      collects.add(Forked.start(dir, List.of(), ZbxVeeamCdp.class.getName(), collect));
    }
    List<Forked.Run> checked = new ArrayList<>();
    for (Forked.Started s : checks) {
      checked.add(s.await());
    }
    List<Forked.Run> collected = new ArrayList<>();
    for (Forked.Started s : collects) {
      collected.add(s.await());
    }

    assertEquals(1, simulator.counters().logons(), "one logon for all 100 runs");
    String summary = summary(checked.get(0));
    assertTrue(summary.startsWith("CDP CRITICAL - "), checked.get(0).describe());
    for (Forked.Run run : checked) {
      assertEquals(2, run.code(), run.describe());
      assertEquals(summary, summary(run), run.describe());
    }
    JsonNode first = JSON.readTree(collected.get(0).stdout());
    assertEquals(60, first.get("summary").get("vms").asInt(), collected.get(0).describe());
    for (Forked.Run run : collected) {
      assertEquals(0, run.code(), run.describe());
      JsonNode document = JSON.readTree(run.stdout());
      assertTrue(document.get("error").isNull(), run.describe());
      assertEquals(first.get("summary"), document.get("summary"), run.describe());
    }

    List<Path> files;
    try (Stream<Path> listed = Files.list(cache)) {
      files = listed.toList();
    }
    assertFalse(files.isEmpty());
    for (Path file : files) {
      assertEquals(Optional.empty(), CacheFiles.distrusted(file), file.toString());
      assertTrue(Files.size(file) > 0 || file.toString().endsWith(".lock"), "empty: " + file);
    }
    Forked.Run after = Forked.run(dir, CheckVeeamCdp.class.getName(), connection);
    assertEquals(summary, summary(after), after.describe());
    assertEquals(1, simulator.counters().logons(), "the next run uses the cache they left");
  }

  /** The first line without its perfdata, ages (which move on) written as #. */
  private static String summary(Forked.Run run) {
    String first = run.stdout().lines().findFirst().orElse("");
    int bar = first.indexOf('|');
    return (bar < 0 ? first : first.substring(0, bar)).replaceAll("\\d+[dhms]", "#");
  }
}
