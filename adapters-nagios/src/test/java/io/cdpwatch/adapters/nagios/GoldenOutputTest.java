package io.cdpwatch.adapters.nagios;

import io.cdpwatch.cli.EmSources;
import io.cdpwatch.core.testing.GoldenFiles;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: EM answers in (a simulator scenario), the exact plugin output and exit code out.
 * Each {@code golden/NAME.case} names a scenario and the arguments (one a line); {@code
 * golden/NAME.expected} holds {@code exit N} and then the exact output. A new edge case is a new
 * pair of files. {@code CDPWATCH_GOLDEN_UPDATE=1} rewrites the expected files (review the diff!).
 */
class GoldenOutputTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final Map<String, EmSimulator> SIMULATORS = new HashMap<>();

  @TempDir static Path dir;

  static Stream<String> cases() throws IOException {
    return GoldenFiles.cases(GOLDEN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputAndExitCodeAreExactlyTheGoldenOnes(String name) throws IOException {
    List<String> lines = Files.readAllLines(GOLDEN.resolve(name + ".case"), StandardCharsets.UTF_8);
    String scenarioName = lines.get(0).substring("scenario ".length()).strip();
    EmSimulator simulator = simulator(scenarioName);
    Path passwordFile = dir.resolve(scenarioName + ".pw");
    PasswordFile.write(passwordFile, simulator.password() + "\n");
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--url", simulator.baseUrl(), "-u", simulator.user()));
    args.addAll(List.of("--password-file", passwordFile.toString(), "--no-session-cache"));
    args.addAll(lines.subList(1, lines.size()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        CheckVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(simulator.scenario().now(), ZoneOffset.UTC),
            EmSources::open);
    String actual = "exit " + exit + "\n" + out.toString(StandardCharsets.UTF_8);

    GoldenFiles.assertMatches(GOLDEN.resolve(name + ".expected"), actual);
  }

  private static synchronized EmSimulator simulator(String scenario) throws IOException {
    EmSimulator running = SIMULATORS.get(scenario);
    if (running == null) {
      running =
          EmSimulator.start(
              Scenario.load(Path.of("../em-simulator/scenarios/test", scenario + ".scenario")));
      SIMULATORS.put(scenario, running);
    }
    return running;
  }

  @AfterAll
  static void stopSimulators() {
    SIMULATORS.values().forEach(EmSimulator::stop);
    SIMULATORS.clear();
  }
}
