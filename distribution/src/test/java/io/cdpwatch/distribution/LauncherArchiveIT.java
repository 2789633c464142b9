package io.cdpwatch.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archives (JDK 17 AppCDS, JDK 25 AOT cache): trained by the first real
 * check of each kind of run (reading EM over http or https, or answered by a snapshot), named by
 * the build's stamp of the jars, the JDK's exact version and that kind, used by later runs, and
 * retrained, never reused, once the stamp changes (JDK 25.0.3 would run the old classes). The
 * simulator here speaks http.
 */
class LauncherArchiveIT {

  private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir static Path dir;
  private static EmSimulator simulator;
  private static Path passwordFile;

  @BeforeAll
  static void startEm() throws Exception {
    Scenario.Builder scenario = Scenario.builder().credentials("CORP\\monitor", "secret");
    var server = scenario.backupServer("bs01.example.com");
    var policy = scenario.policy(server, "CDP Gold");
    scenario.dailyPolicySessions(policy, 2, scenario.ago(Duration.ofHours(4)));
    scenario.vm(
        policy, "db 01", 3, Duration.ofHours(8), scenario.ago(Duration.ofHours(1)), "", "Success");
    simulator = EmSimulator.start(scenario.build());
    passwordFile = PasswordFile.write(dir.resolve("password"), simulator.password() + "\n");
  }

  @AfterAll
  static void stopEm() {
    simulator.stop();
  }

  /** A fresh unpacked archive: each test changes its lib/. */
  private static Path unpack(String name) throws Exception {
    Path into = Files.createDirectories(dir.resolve(name));
    Path archive = Path.of(System.getProperty("distribution.archive"));
    Result untar = run(into, Map.of(), List.of("tar", "xzf", archive.toString(), "-C", "."));
    assertEquals(0, untar.exit(), untar.output());
    return into.resolve("cdpwatch-" + System.getProperty("distribution.version"));
  }

  private static String runtimeVersion(Path jdk) throws IOException {
    for (String line : Files.readAllLines(jdk.resolve("release"))) {
      if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
        return line.substring(line.indexOf('=') + 1).replace("\"", "");
      }
    }
    throw new IOException("no JAVA_RUNTIME_VERSION in " + jdk.resolve("release"));
  }

  private static List<Path> archives(Path home) throws IOException {
    try (Stream<Path> files = Files.list(home.resolve("lib"))) {
      return files
          .filter(f -> f.toString().endsWith(".jsa") || f.toString().endsWith(".aot"))
          .sorted()
          .toList();
    }
  }

  /** The archive of runs that read EM over http, once the (background) training has made it. */
  private static Path awaitArchive(Path home, String stamp, Path jdk) throws Exception {
    return awaitArchive(home, stamp, jdk, "http");
  }

  /**
   * The archive this stamp, JDK and kind of run ({@code http}, {@code https} or {@code snapshot})
   * name, once the (background) training has made it.
   */
  private static Path awaitArchive(Path home, String stamp, Path jdk, String way) throws Exception {
    String version = runtimeVersion(jdk);
    String kind = version.startsWith("17.") ? "jsa" : "aot";
    Path archive =
        home.resolve("lib/check_veeam_cdp-%s-%s.%s.%s".formatted(stamp, version, way, kind));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.isRegularFile(archive) && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertTrue(Files.isRegularFile(archive), archive + " after " + archives(home));
    // The lock goes when the archive is complete.
    Path lock = Path.of(archive + ".lock");
    while (Files.exists(lock) && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertFalse(Files.exists(lock), lock.toString());
    return archive;
  }

  private static String stamp(Path home) throws IOException {
    return Files.readString(home.resolve("lib/adapters-nagios.stamp")).strip();
  }

  private static List<Path> jdks() {
    List<Path> jdks = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
    if (Files.isExecutable(JDK_25.resolve("bin/java"))) {
      jdks.add(JDK_25);
    }
    return jdks;
  }

  @Test
  void theFirstCheckTrainsAnArchiveOfTheJarsAndTheJdkThatLaterChecksUse() throws Exception {
    for (Path jdk : jdks()) {
      Path home = unpack("train-" + jdk.getFileName());
      assertTrue(stamp(home).matches("[0-9a-f]{64}"), "the build's stamp: " + stamp(home));

      Result first = check(home, jdk, Optional.empty());
      Path archive = awaitArchive(home, stamp(home), jdk);
      Path classes = dir.resolve("classes-" + jdk.getFileName() + ".txt");
      Result second = check(home, jdk, Optional.of(classes));

      assertEquals(0, first.exit(), first.output());
      assertEquals(0, second.exit(), second.output());
      assertTrue(
          first.output().startsWith("CDP OK - ") && !first.output().contains("AOTConfiguration"),
          jdk
              + ": the training run prints the check's result and nothing of the JVM's: "
              + first.output());
      assertEquals(List.of(archive), archives(home));
      List<String> fromArchive =
          Files.readAllLines(classes).stream()
              .filter(l -> l.contains("io.cdpwatch.adapters.nagios.CheckVeeamCdp "))
              .toList();
      assertTrue(
          fromArchive.size() == 1 && fromArchive.get(0).contains("shared objects file"),
          jdk + ": the check's classes come from the archive: " + fromArchive);
    }
  }

  /**
   * A run that a snapshot answered trains an archive of its own (it loads no HTTP client: half the
   * classes); runs start with it while the snapshot is fresh, and with the other one when they are
   * told to read EM.
   */
  @Test
  void runsAnsweredByASnapshotGetAnArchiveOfTheirOwn() throws Exception {
    for (Path jdk : jdks()) {
      Path home = unpack("snapshot-" + jdk.getFileName());
      Path cache = Files.createDirectories(dir.resolve("cache-" + jdk.getFileName()));
      List<String> snapshot =
          List.of("--session-cache", cache.toString(), "--snapshot-max-age", "1h");

      Result refresh = check(home, jdk, Optional.empty(), snapshot);
      Path em = awaitArchive(home, stamp(home), jdk, "http");
      Result served = check(home, jdk, Optional.empty(), snapshot);
      Path fromSnapshot = awaitArchive(home, stamp(home), jdk, "snapshot");
      Path classes = dir.resolve("snapshot-classes-" + jdk.getFileName() + ".txt");
      Result again = check(home, jdk, Optional.of(classes), snapshot);
      Path directClasses = dir.resolve("direct-classes-" + jdk.getFileName() + ".txt");
      List<String> direct = List.of("--session-cache", cache.toString(), "--snapshot-max-age", "0");
      Result toEm = check(home, jdk, Optional.of(directClasses), direct);

      for (Result result : List.of(refresh, served, again, toEm)) {
        assertEquals(0, result.exit(), result.output());
      }
      assertEquals(List.of(em, fromSnapshot), archives(home));
      assertTrue(
          Files.readString(home.resolve("lib/check_veeam_cdp.hint")).startsWith("snapshot "),
          "the hint says until when a snapshot is fresh");
      assertTrue(
          loadedFromArchive(classes, "io.cdpwatch.cli.snapshot.SnapshotCodec"),
          jdk + ": a snapshot run starts with the snapshot archive");
      assertFalse(
          Files.readString(classes)
              .contains("org.apache.hc.client5.http.impl.classic.HttpClients "),
          jdk + ": and loads no HTTP client");
      assertTrue(
          loadedFromArchive(directClasses, "org.apache.hc.client5.http.impl.classic.HttpClients"),
          jdk + ": --snapshot-max-age 0 starts with the archive of runs that read EM");
    }
  }

  private static boolean loadedFromArchive(Path classLog, String className) throws IOException {
    return Files.readAllLines(classLog).stream()
        .anyMatch(l -> l.contains(" " + className + " ") && l.contains("shared objects file"));
  }

  @Test
  void eachJdkKeepsItsOwnArchiveOfTheSameJars() throws Exception {
    List<Path> jdks = jdks();
    Assumptions.assumeTrue(jdks.size() > 1, "only one JDK here");
    Path home = unpack("two-jdks");
    List<Path> made = new ArrayList<>();
    for (Path jdk : jdks) {
      assertEquals(0, check(home, jdk, Optional.empty()).exit());
      made.add(awaitArchive(home, stamp(home), jdk));
    }
    for (Path jdk : jdks) {
      assertEquals(0, check(home, jdk, Optional.empty()).exit());
    }
    assertEquals(made.stream().sorted().toList(), archives(home), "neither replaced the other");
  }

  @Test
  void aNewStampRetrainsAndRemovesTheOldArchiveInsteadOfRunningStaleClasses() throws Exception {
    Path jdk = jdks().get(jdks().size() - 1);
    Path home = unpack("retrain");
    check(home, jdk, Optional.empty());
    Path old = awaitArchive(home, stamp(home), jdk);

    // What the build writes when a jar changed: a new SHA-256 over the jars.
    String rebuilt = "0123456789abcdef".repeat(4);
    Files.writeString(home.resolve("lib/adapters-nagios.stamp"), rebuilt + "\n");
    Result after = check(home, jdk, Optional.empty());
    Path retrained = awaitArchive(home, rebuilt, jdk);

    assertEquals(0, after.exit(), after.output());
    assertFalse(Files.exists(old), "the archive of the old jars is gone");
    assertEquals(List.of(retrained), archives(home));
  }

  @Test
  void helpVersionAndAMissingStampNeverTrain() throws Exception {
    Path jdk = jdks().get(jdks().size() - 1);
    Path home = unpack("untrained");
    Result version =
        run(
            home,
            environment(jdk, Optional.empty()),
            List.of(home.resolve("bin/check_veeam_cdp").toString(), "--version"));
    assertEquals(3, version.exit(), version.output());
    assertTrue(version.output().contains("cdpwatch"), version.output());
    Thread.sleep(500);
    assertEquals(List.of(), archives(home), "--version trains nothing");

    Files.delete(home.resolve("lib/adapters-nagios.stamp"));
    Result unstamped = check(home, jdk, Optional.empty());
    Thread.sleep(500);
    assertEquals(0, unstamped.exit(), unstamped.output());
    assertEquals(List.of(), archives(home), "no stamp, no archive: it could not be keyed");
  }

  private static Map<String, String> environment(Path jdk, Optional<Path> classLog) {
    Map<String, String> environment = new HashMap<>();
    environment.put("CDPWATCH_JAVA", jdk.resolve("bin/java").toString());
    environment.put("HOME", dir.resolve("home").toString());
    classLog.ifPresent(
        log -> environment.put("CDPWATCH_JAVA_OPTS", "-Xlog:class+load=info:file=" + log));
    return environment;
  }

  private static Result check(Path home, Path jdk, Optional<Path> classLog) throws Exception {
    return check(home, jdk, classLog, List.of("--no-session-cache"));
  }

  private static Result check(Path home, Path jdk, Optional<Path> classLog, List<String> options)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                home.resolve("bin/check_veeam_cdp").toString(),
                "--url",
                simulator.baseUrl(),
                "-u",
                simulator.user(),
                "--password-file",
                passwordFile.toString()));
    command.addAll(options);
    return run(Path.of("/"), environment(jdk, classLog), command);
  }

  private record Result(int exit, String output) {}

  private static Result run(
      Path workingDirectory, Map<String, String> environment, List<String> command)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    builder.directory(workingDirectory.toFile());
    builder.environment().remove("JAVA_HOME");
    builder.environment().remove("CDPWATCH_CDS");
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), output);
  }
}
