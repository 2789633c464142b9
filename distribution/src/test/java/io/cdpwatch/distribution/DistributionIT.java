package io.cdpwatch.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive users install: unpacked, its launcher runs from any directory and through a link. */
class DistributionIT {

  @TempDir static Path dir;
  private static Path home;
  private static EmSimulator simulator;
  private static Path passwordFile;

  @BeforeAll
  static void unpackAndStartEm() throws Exception {
    Path archive = Path.of(System.getProperty("distribution.archive"));
    Result untar = run(dir, List.of("tar", "xzf", archive.toString(), "-C", dir.toString()));
    assertEquals(0, untar.exit, untar.output);
    home = dir.resolve("cdpwatch-" + System.getProperty("distribution.version"));
    Scenario.Builder scenario = Scenario.builder().credentials("CORP\\monitor", "p|w \"x\"");
    var server = scenario.backupServer("bs01.example.com");
    var policy = scenario.policy(server, "CDP Gold");
    scenario.dailyPolicySessions(policy, 2, scenario.ago(Duration.ofHours(4)));
    scenario.vm(
        policy, "db 01", 3, Duration.ofHours(8), scenario.ago(Duration.ofHours(1)), "", "Success");
    simulator = EmSimulator.startTls(scenario.build());
    passwordFile = PasswordFile.write(dir.resolve("password"), simulator.password() + "\n");
  }

  @AfterAll
  static void stopEm() {
    simulator.stop();
  }

  @Test
  void theLauncherRunsACheckFromTheRootDirectory() throws Exception {
    Result result = check(home.resolve("bin/check_veeam_cdp"));

    assertEquals(0, result.exit, result.output);
    assertTrue(result.output.startsWith("CDP OK - 1 VM in 1 policy OK | vms=1;;;0"), result.output);
  }

  @Test
  void theLauncherWorksThroughASymbolicLinkAsFromAPluginDirectory() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("usr/lib/nagios/plugins"));
    Path link =
        Files.createSymbolicLink(
            plugins.resolve("check_veeam_cdp"), home.resolve("bin/check_veeam_cdp"));

    Result result = check(link);

    assertEquals(0, result.exit, result.output);
    assertTrue(result.output.startsWith("CDP OK - "), result.output);
  }

  @Test
  void zbxVeeamCdpCollectsThroughALinkAsFromZabbixsExternalScripts() throws Exception {
    Path scripts = Files.createDirectories(dir.resolve("usr/lib/zabbix/externalscripts"));
    Path link =
        Files.createSymbolicLink(
            scripts.resolve("zbx_veeam_cdp"), home.resolve("bin/zbx_veeam_cdp"));

    Result result = run(Path.of("/"), connection(link, "collect"));

    assertEquals(0, result.exit, result.output);
    assertTrue(result.output.startsWith("{\"version\":1,"), result.output);
    assertTrue(result.output.contains("\"error\":null"), result.output);
    assertTrue(result.output.contains("\"name\":\"db 01\""), result.output);
  }

  @Test
  void versionNamesTheReleaseAndExitsUnknown() throws Exception {
    Result result =
        run(Path.of("/"), List.of(home.resolve("bin/check_veeam_cdp").toString(), "--version"));

    assertEquals(3, result.exit);
    assertEquals(
        "check_veeam_cdp " + System.getProperty("distribution.version") + " (cdpwatch)\n",
        result.output);
  }

  @Test
  void theArchiveHoldsTheExamplesTemplatesManPagesAndLicense() throws Exception {
    for (String file :
        List.of(
            "README.md",
            "CHANGELOG.md",
            "LICENSE",
            "share/README.md",
            "share/nagios/check_veeam_cdp.cfg",
            "share/icinga2/check_veeam_cdp.conf",
            "share/zabbix/veeam_cdp_trapper.yaml",
            "share/zabbix/veeam_cdp_external.yaml",
            "share/zabbix/zbx-veeam-cdp.service",
            "share/zabbix/zbx-veeam-cdp.timer",
            "share/man/man1/check_veeam_cdp.1",
            "share/man/man1/zbx_veeam_cdp.1",
            "share/man/man1/em-simulator.1",
            "scenarios/demo.scenario",
            "bin/em-simulator")) {
      assertTrue(Files.isRegularFile(home.resolve(file)), file);
    }
    assertTrue(Files.readString(home.resolve("LICENSE")).contains("Apache License"));
    for (String command : List.of("check_veeam_cdp", "zbx_veeam_cdp", "em-simulator")) {
      String page = Files.readString(home.resolve("share/man/man1/" + command + ".1"));
      assertTrue(
          page.startsWith(".TH " + command.toUpperCase(java.util.Locale.ROOT) + " 1 "), page);
      String help =
          run(Path.of("/"), List.of(home.resolve("bin/" + command).toString(), "--help")).output;
      // Every option the command's --help names is on its page.
      java.util.regex.Matcher option =
          java.util.regex.Pattern.compile("(?m)^\\s+(--[a-z-]+)").matcher(help);
      int options = 0;
      while (option.find()) {
        assertTrue(page.contains(option.group(1)), option.group(1));
        options++;
      }
      assertTrue(options >= 5, help);
    }
    assertTrue(Files.isExecutable(home.resolve("bin/check_veeam_cdp")));
    assertTrue(Files.isExecutable(home.resolve("bin/zbx_veeam_cdp")));
  }

  private static Result check(Path launcher) throws Exception {
    return run(Path.of("/"), connection(launcher));
  }

  private static List<String> connection(Path launcher, String... first) {
    List<String> args = new ArrayList<>();
    args.add(launcher.toString());
    args.addAll(List.of(first));
    args.addAll(
        List.of(
            "--url",
            simulator.baseUrl(),
            "-u",
            simulator.user(),
            "--password-file",
            passwordFile.toString(),
            "--fingerprint",
            simulator.certificateSha256(),
            "--no-session-cache"));
    return args;
  }

  private record Result(int exit, String output) {}

  private static Result run(Path workingDirectory, List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    builder.directory(workingDirectory.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CDPWATCH_CDS", "off");
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), output);
  }
}
