package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run costs is mostly which classes it loads: forked runs of both commands, with the JVM's
 * class-load log, show that a quiet run never loads logback, a plain {@code http://} run never
 * builds a TLS context, and a snapshot-served run loads neither HTTP, TLS, JAXB nor logback.
 */
class LeanPathTest {

  private static final String CHECK = "io.cdpwatch.adapters.nagios.CheckVeeamCdp";
  private static final String ZABBIX = "io.cdpwatch.adapters.zabbix.ZbxVeeamCdp";

  @TempDir static Path dir;

  private static EmSimulator simulator;
  private static Path password;

  @BeforeAll
  static void start() throws Exception {
    simulator =
        EmSimulator.start(Scenario.load(Path.of("../em-simulator/scenarios/test/demo.scenario")));
    password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
  }

  @AfterAll
  static void stop() {
    simulator.stop();
  }

  private record Run(int exit, String out, String err, Set<String> classes) {
    boolean loaded(String prefix) {
      return classes.stream().anyMatch(c -> c.startsWith(prefix));
    }

    String describe() {
      return "exit %d, stdout: %.300s, stderr: %.600s".formatted(exit, out, err);
    }
  }

  private static int forks;

  /** Runs {@code main} in a JVM of its own, with the session cache (and snapshot) {@code cache}. */
  private static Run fork(String cache, String main, String... args) throws Exception {
    int n = ++forks;
    Path log = dir.resolve("classes-" + n + ".txt");
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(
        List.of(
            "--url", simulator.baseUrl(),
            "-u", simulator.user(),
            "--password-file", password.toString(),
            "--session-cache", dir.resolve(cache).toString()));
    Forked.Run run =
        Forked.start(dir, List.of("-Xlog:class+load=info:file=" + log), main, command).await();
    Set<String> classes = new TreeSet<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      // [0.012s][info][class,load] java.lang.Object source: shared objects file
      int at = line.indexOf("] ", line.indexOf("class,load"));
      if (at > 0) {
        classes.add(line.substring(at + 2).split(" ", 2)[0]);
      }
    }
    return new Run(run.code(), run.stdout(), run.stderr(), classes);
  }

  @Test
  void aQuietDirectRunOverHttpLoadsNoLoggingFrameworkAndNoTlsContext() throws Exception {
    Run run = fork("direct", CHECK, "--snapshot-max-age", "0");

    assertEquals(2, run.exit(), run.describe());
    assertTrue(run.loaded("org.apache.hc.client5."), "it did read EM over HTTP");
    assertFalse(run.loaded("ch.qos.logback."), "logback loaded on a quiet run");
    assertFalse(run.loaded("sun.security.ssl.SSLContextImpl"), "a TLS context for http://");
    assertEquals("", run.err(), "a quiet run says nothing on stderr");
  }

  @Test
  void aRunServedFromTheSnapshotLoadsNeitherHttpTlsJaxbNorLogback() throws Exception {
    // Nor what costs a short run much without being needed: the JDK's security providers (SHA-256
    // is cdpwatch's own) and its locale data and time formatters (times are written by hand).
    Run refresh = fork("served", CHECK);
    Run check = fork("served", CHECK);
    Run collect = fork("served", ZABBIX, "collect");
    Run discovery = fork("served", ZABBIX, "discovery");

    assertEquals(2, refresh.exit(), refresh.describe());
    assertTrue(refresh.loaded("org.apache.hc."), "the first run refreshed from EM");
    assertEquals(refresh.exit(), check.exit(), check.describe());
    // Real time runs on between the forks, and with it the ages in the perfdata.
    assertEquals(
        refresh.out().split(" \\| ")[0], check.out().split(" \\| ")[0], "the same verdict");
    assertEquals(0, collect.exit(), collect.describe());
    assertTrue(collect.out().contains("\"vms\""), collect.describe());
    assertEquals(0, discovery.exit(), discovery.describe());
    for (Run run : List.of(check, collect, discovery)) {
      for (String heavy :
          List.of(
              "org.apache.hc.",
              "jakarta.xml.bind.",
              "org.glassfish.jaxb.",
              "javax.net.ssl.",
              "sun.security.ssl.",
              "javax.crypto.",
              "ch.qos.logback.",
              "sun.security.provider.",
              "sun.util.locale.provider.",
              "java.time.format.DateTimeFormatterBuilder")) {
        assertFalse(run.loaded(heavy), heavy + " loaded on the snapshot path: " + run.describe());
      }
    }
  }

  @Test
  void verboseRunsLogThroughLogbackAndSayWhetherASnapshotWasUsed() throws Exception {
    fork("verbose", CHECK);
    Run run = fork("verbose", CHECK, "-v");

    assertEquals(2, run.exit(), run.describe());
    assertTrue(run.loaded("ch.qos.logback.classic."), run.describe());
    assertTrue(run.err().contains("s ago used"), run.describe());
  }
}
