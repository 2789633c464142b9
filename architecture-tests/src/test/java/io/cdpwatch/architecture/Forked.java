package io.cdpwatch.architecture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run in a JVM of its own, as the launcher runs it: its heap, collector and compiler
 * flags, this build's class path. What it printed goes to files in a test's directory.
 */
final class Forked {

  /** What one forked run returned and printed. */
  record Run(int code, String stdout, String stderr) {
    String describe() {
      return "exit %d, stdout: %s, stderr: %s"
          .formatted(code, stdout.substring(0, Math.min(600, stdout.length())), stderr);
    }
  }

  /** A forked run under way. */
  record Started(Process process, Path out, Path err, String what) {
    /** Waits for its end (two minutes at most, then it is killed and the test fails). */
    Run await() throws IOException, InterruptedException {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the forked " + what + " did not end");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  private Forked() {}

  /** Starts {@code main} with {@code args}, and {@code jvmOptions} beside the launcher's. */
  static Started start(Path dir, List<String> jvmOptions, String main, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(List.of("-XX:-UsePerfData", "-Xss512k"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    command.addAll(args);
    Path out = Files.createTempFile(dir, "stdout-", ".txt");
    Path err = Files.createTempFile(dir, "stderr-", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    process.getOutputStream().close();
    return new Started(process, out, err, main + " " + args);
  }

  /** Runs {@code main} with {@code args} to its end. */
  static Run run(Path dir, String main, List<String> args)
      throws IOException, InterruptedException {
    return start(dir, List.of(), main, args).await();
  }
}
