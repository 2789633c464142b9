package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README walks: every option it names exists in a command's {@code --help}, and every command
 * line of its examples runs as written against the simulator (its host, account, password file,
 * fingerprint and paths swapped for the simulator's and a temporary directory's).
 */
class ReadmeWalkTest {

  private static final Path README = Path.of("../README.md");

  /** Options of the other tools the README shows (dpkg); the benchmark's are in its usage. */
  private static final Set<String> NOT_OURS = Set.of("--purge");

  @TempDir static Path dir;
  private static EmSimulator simulator;
  private static Path password;

  @BeforeAll
  static void start() throws IOException {
    simulator =
        EmSimulator.startTls(
            Scenario.load(Path.of("../em-simulator/scenarios/test/demo.scenario")));
    password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
  }

  @AfterAll
  static void stop() {
    simulator.stop();
  }

  @Test
  void everyOptionTheReadmeNamesIsInAHelpText() throws IOException {
    String help =
        run(List.of("check_veeam_cdp", "--help")).out()
            + run(List.of("zbx_veeam_cdp", "--help")).out()
            + io.cdpwatch.emsim.Main.HELP
            + String.join("\n", Files.readAllLines(Path.of("../bench/run.sh")).subList(0, 30));
    Matcher option =
        Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)").matcher(Files.readString(README));
    Set<String> missing = new TreeSet<>();
    int seen = 0;
    while (option.find()) {
      String name = option.group(1);
      seen++;
      if (!NOT_OURS.contains(name) && !help.contains(name)) {
        missing.add(name);
      }
    }
    assertTrue(seen > 30, "the README names options: " + seen);
    assertEquals(Set.of(), missing, "options the README names that no --help knows");
  }

  @Test
  void theReadmesOptionReferenceIsTheHelpText() throws IOException {
    String options =
        Files.readString(Path.of("../cli-common/src/main/resources/cdpwatch-options.help")).strip();
    assertTrue(
        Files.readString(README).contains("```text\n" + options + "\n```"),
        "README's \"Every option\" block differs from cdpwatch-options.help: copy it over");
  }

  @Test
  void everyPerfdataLabelOfTheDemoIsInTheReadmesTable() throws IOException {
    Result demo =
        run(
            List.of(
                "check_veeam_cdp",
                "--url",
                simulator.baseUrl(),
                "-u",
                simulator.user(),
                "--password-file",
                password.toString(),
                "--fingerprint",
                simulator.certificateSha256(),
                "--no-session-cache"));
    String first = demo.out().lines().findFirst().orElseThrow();
    String readme = Files.readString(README);
    Matcher label =
        Pattern.compile("('(?:[^']|'')+'|[^ =]+)=")
            .matcher(first.substring(first.indexOf('|') + 1));
    int labels = 0;
    while (label.find()) {
      String name = label.group(1);
      String documented =
          name.startsWith("'") ? name.substring(name.lastIndexOf(' ') + 1) + "`" : "`" + name + "`";
      assertTrue(readme.contains(documented), name + " is not in the README's perfdata table");
      labels++;
    }
    assertTrue(labels > 20, first);
  }

  @Test
  void everyExampleCommandRunsAsWritten() throws IOException {
    List<List<String>> examples = examples(Files.readString(README));
    assertTrue(examples.size() >= 3, examples.toString());
    for (List<String> written : examples) {
      List<String> args = againstTheSimulator(written);
      Result result = run(args);
      String what = String.join(" ", written) + " -> " + result;
      if (args.get(0).equals("check_veeam_cdp")) {
        assertTrue(result.out().startsWith("CDP "), what);
        assertTrue(result.code() >= 0 && result.code() <= 3, what);
        assertFalse(
            result.out().contains("usage") || result.out().contains("unknown option"), what);
      } else {
        assertEquals(0, result.code(), what);
        assertTrue(result.sent() > 0, "send pushed the document: " + what);
      }
      if (args.contains("--dump")) {
        Path capture = Path.of(args.get(args.indexOf("--dump") + 1));
        assertTrue(Files.isRegularFile(capture.resolve("index")), "the capture: " + what);
      }
    }
  }

  /** The command lines of the README's code blocks that run one of the two commands. */
  private static List<List<String>> examples(String readme) {
    List<List<String>> found = new ArrayList<>();
    boolean inBlock = false;
    StringBuilder line = new StringBuilder();
    for (String raw : readme.lines().toList()) {
      if (raw.strip().startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      if (!inBlock) {
        continue;
      }
      String text = raw.strip();
      if (text.endsWith("\\")) {
        line.append(text, 0, text.length() - 1).append(' ');
        continue;
      }
      line.append(text);
      List<String> words = words(line.toString());
      line.setLength(0);
      if (!words.isEmpty()
          && (words.get(0).endsWith("check_veeam_cdp") || words.get(0).endsWith("zbx_veeam_cdp"))) {
        found.add(words);
      }
    }
    return found;
  }

  /** A shell line split into words, with single-quoted words kept whole. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher word = Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
    while (word.find()) {
      words.add(word.group(1) != null ? word.group(1) : word.group(2));
    }
    return words;
  }

  /** The example with EM, account, secrets, servers and paths of this test. */
  private static List<String> againstTheSimulator(List<String> written) {
    List<String> args = new ArrayList<>();
    args.add(written.get(0).replaceAll(".*/", ""));
    for (int i = 1; i < written.size(); i++) {
      String word = written.get(i);
      String value = i + 1 < written.size() ? written.get(i + 1) : "";
      switch (word) {
        case "-H" -> {
          args.addAll(List.of("--url", simulator.baseUrl()));
          i++;
        }
        case "-u" -> {
          args.addAll(List.of("-u", simulator.user()));
          i++;
        }
        case "--password-file" -> {
          args.addAll(List.of(word, password.toString()));
          i++;
        }
        case "--fingerprint" -> {
          args.addAll(List.of(word, simulator.certificateSha256()));
          i++;
        }
        case "--session-cache", "--dump" -> {
          args.addAll(List.of(word, dir.resolve(value.replaceAll(".*/", "")).toString()));
          i++;
        }
        default -> args.add(word);
      }
    }
    return args;
  }

  private record Result(int code, String out, String err, int sent) {}

  private static Result run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int[] sent = {0};
    List<String> rest = args.subList(1, args.size());
    int code =
        args.get(0).equals("check_veeam_cdp")
            ? CheckVeeamCdp.run(rest, Map.of(), o, e, Clock.systemUTC(), EmSources::open)
            : ZbxVeeamCdp.run(
                rest,
                Map.of(),
                o,
                e,
                Clock.systemUTC(),
                EmSources::open,
                (servers, host, key, value, at, timeout) -> {
                  sent[0]++;
                  return new io.cdpwatch.adapters.zabbix.ZabbixSender.Result(
                      java.util.Optional.of(servers.get(0)),
                      "processed: 1; failed: 0; total: 1; seconds spent: 0.000042",
                      1,
                      0,
                      1,
                      "");
                },
                Watchdog.NONE);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), sent[0]);
  }
}
