package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpwatch.adapters.nagios.CheckVeeamCdp;
import io.cdpwatch.adapters.zabbix.ZbxVeeamCdp;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's scale target: 100,000 task sessions of 25,000 VMs read, judged and reported by both
 * commands in a forked JVM with the launcher's 64 MB heap. Behaviour only: the exit code, every VM
 * counted or listed, and no OutOfMemoryError; never a time.
 */
class LargeEstateInSmallHeapTest {

  private static final int POLICIES = 4;
  private static final int VMS_PER_POLICY = 6_250;
  private static final int VMS = POLICIES * VMS_PER_POLICY;

  /**
   * {@code generate} marks every 50th VM's newest session Failed and another every 50th Warning.
   */
  private static final int FAILED = VMS / 50;

  private static final int WARNING = VMS / 50;

  @TempDir static Path dir;
  private static EmSimulator simulator;
  private static List<String> connection;

  @BeforeAll
  static void startTheLargeEstate() throws IOException {
    Scenario scenario =
        Scenario.builder().realClock().generate(POLICIES, VMS_PER_POLICY, 4).build();
    simulator = EmSimulator.start(scenario);
    Path password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
    connection =
        List.of(
            "--url", simulator.baseUrl(),
            "-u", simulator.user(),
            "--password-file", password.toString(),
            "--session-cache", dir.resolve("cache").toString(),
            "--snapshot-max-age", "0",
            "-t", "120");
  }

  @AfterAll
  static void stop() {
    if (simulator != null) {
      simulator.stop();
    }
  }

  @Test
  void checkVeeamCdpCountsEveryVm() throws Exception {
    Forked.Run run = fork(CheckVeeamCdp.class.getName(), List.of());

    assertEquals(2, run.code(), run.describe());
    String first = run.stdout().lines().findFirst().orElse("");
    assertTrue(
        first.startsWith(
            "CDP CRITICAL - %d of %d VMs failed, %d warning".formatted(FAILED, VMS, WARNING)),
        run.describe());
    String perfdata = first.substring(first.indexOf('|') + 1);
    assertTrue((" " + perfdata).contains(" vms=%d;".formatted(VMS)), perfdata);
    assertTrue(perfdata.contains("vms_ok=%d;".formatted(VMS - FAILED - WARNING)), perfdata);
    assertTrue(perfdata.contains("vms_warning=%d;".formatted(WARNING)), perfdata);
    assertTrue(perfdata.contains("vms_failed=%d;".formatted(FAILED)), perfdata);
  }

  @Test
  void zbxVeeamCdpCollectListsEveryVm() throws Exception {
    Forked.Run run = fork(ZbxVeeamCdp.class.getName(), List.of("collect"));

    assertEquals(0, run.code(), run.describe());
    JsonNode document = new ObjectMapper().readTree(run.stdout());
    assertTrue(document.get("error").isNull(), run.describe());
    assertEquals(VMS, document.get("summary").get("vms").asInt());
    assertEquals(FAILED, document.get("summary").get("vms_failed").asInt());
    assertEquals(WARNING, document.get("summary").get("vms_warning").asInt());
    JsonNode vms = document.get("vms");
    assertEquals(VMS, vms.size());
    Set<String> ids = new HashSet<>();
    vms.forEach(vm -> ids.add(vm.get("id").asText()));
    assertEquals(VMS, ids.size(), "each VM once");
    assertEquals(POLICIES, document.get("policies").size());
  }

  /**
   * A run that crashes (the estate does not fit a 10 MB heap) says so in one line, and neither it
   * nor its -vvv trace on stderr holds the password, a SessionId or a token.
   */
  @Test
  void aCrashTellsNoSecretAtAnyVerbosity() throws Exception {
    List<String> args = new ArrayList<>(connection);
    args.add("-vvv");
    Forked.Run run =
        Forked.start(dir, List.of("-Xmx10m"), CheckVeeamCdp.class.getName(), args).await();

    assertEquals(3, run.code(), run.describe());
    assertTrue(
        run.stdout().startsWith("CDP UNKNOWN - internal error in check_veeam_cdp"), run.describe());
    assertTrue(run.stderr().contains("OutOfMemoryError"), "the trace is on stderr");
    String all = run.stdout() + run.stderr();
    assertFalse(all.contains(simulator.password()), "the password");
    for (String id : simulator.sessionIdsIssued()) {
      String token =
          java.util.Base64.getEncoder()
              .encodeToString(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertFalse(all.contains(id), "a SessionId");
      assertFalse(all.contains(token), "a token");
    }
  }

  /** Runs {@code main} in a JVM of its own; an OutOfMemoryError fails the test. */
  private static Forked.Run fork(String main, List<String> mode) throws Exception {
    List<String> args = new ArrayList<>(mode);
    args.addAll(connection);
    Forked.Run run = Forked.run(dir, main, args);
    assertFalse(run.stderr().contains("OutOfMemoryError"), run.stderr());
    return run;
  }
}
