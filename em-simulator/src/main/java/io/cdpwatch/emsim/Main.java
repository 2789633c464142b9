package io.cdpwatch.emsim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;

/**
 * {@code em-simulator --scenario FILE [--port N] [--tls] [--certificate-days N] [--bind ADDR]}
 * ({@code --certificate-days}: HTTPS with a certificate valid until N days after the scenario's
 * now, negative for an expired one): serves the scenario until SIGTERM/SIGINT; {@code --replay DIR}
 * instead serves a capture of {@code --dump} ({@link ReplayServer}), printing no password-file
 * line. Once it accepts requests it prints, one per line, {@code url ...}, {@code user ...}, {@code
 * password-file ...} and with {@code --tls} {@code fingerprint ...}. Bad arguments: one line on
 * stderr, exit 2.
 */
public final class Main {
  static final int USAGE = 2;

  /** What {@code --help} prints; its first line names the command and what it is. */
  public static final String HELP =
      """
      em-simulator (cdpwatch): a Veeam Backup Enterprise Manager REST API simulator

      Serves a scenario's CDP estate, or a cdpwatch --dump capture, as Enterprise
      Manager's REST API does: for the demo, the tests, and trying the checks
      without an Enterprise Manager.

      Usage:
        em-simulator --scenario FILE [--port N] [--tls] [--certificate-days N]
                     [--bind ADDR]
        em-simulator --replay DIR [--port N] [--tls] [--bind ADDR]
        em-simulator -h | --help

      Options:
        --scenario FILE       the estate to serve, e.g. scenarios/demo.scenario (the
                              format is in em-simulator/README.md)
        --replay DIR          serve a cdpwatch --dump capture, answer for answer
        --port N              the port to listen on (default 0: a free one)
        --tls                 HTTPS with a fresh self-signed certificate
        --certificate-days N  that certificate expires in N days (implies --tls)
        --bind ADDR           the address to listen on (default 127.0.0.1)

      Once listening it prints "url", "user" and "password-file" lines (and
      "fingerprint" with --tls) on stdout, then serves until stopped.
      """;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Parses, starts and blocks until stopped; returns an exit code only when it cannot start. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Path scenarioFile = null;
    Path replay = null;
    int port = 0;
    boolean tls = false;
    Integer certificateDays = null;
    String bind = "127.0.0.1";
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--scenario" -> scenarioFile = Path.of(value(args, ++i, a));
          case "--port" -> {
            String v = value(args, ++i, a);
            try {
              port = Integer.parseInt(v);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--port needs a number, got '" + v + "'");
            }
            if (port < 0 || port > 65535) {
              throw new IllegalArgumentException("--port must be 0..65535, got " + port);
            }
          }
          case "--replay" -> replay = Path.of(value(args, ++i, a));
          case "--tls" -> tls = true;
          case "--certificate-days" -> {
            String v = value(args, ++i, a);
            try {
              certificateDays = Integer.parseInt(v);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(
                  "--certificate-days needs a whole number of days, got '" + v + "'");
            }
            tls = true;
          }
          case "--bind" -> bind = value(args, ++i, a);
          case "-h", "--help" -> {
            out.print(HELP);
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
        }
      }
      if (replay != null) {
        if (scenarioFile != null) {
          throw new IllegalArgumentException("give either --scenario or --replay, not both");
        }
        if (!Files.isReadable(replay.resolve("index"))) {
          throw new IllegalArgumentException(
              "%s is not a capture of cdpwatch --dump (no index)".formatted(replay));
        }
        return replay(replay, port, tls, bind, out, err);
      }
      if (scenarioFile == null) {
        throw new IllegalArgumentException("--scenario FILE or --replay DIR is required");
      }
      if (!Files.isReadable(scenarioFile)) {
        throw new IllegalArgumentException("cannot read scenario file " + scenarioFile);
      }
    } catch (IllegalArgumentException e) {
      err.println("em-simulator: " + e.getMessage());
      return USAGE;
    }

    Scenario scenario;
    try {
      scenario = Scenario.load(scenarioFile);
    } catch (ScenarioException | IOException e) {
      err.println("em-simulator: " + e.getMessage().replace('\n', ' '));
      return USAGE;
    }
    EmSimulator sim;
    Path dir;
    Path passwordFile;
    try {
      EmSimulator.Builder builder = EmSimulator.builder(scenario).port(port).tls(tls).bind(bind);
      if (certificateDays != null) {
        builder.certificateValidDays(certificateDays);
      }
      sim = builder.start();
    } catch (IOException | RuntimeException e) {
      err.println("em-simulator: cannot start: " + e.getMessage());
      return 1;
    }
    try {
      dir =
          Files.createTempDirectory(
              "em-simulator-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      passwordFile =
          Files.createFile(
              dir.resolve("password"),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(passwordFile, scenario.password(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      sim.stop();
      err.println("em-simulator: cannot write the password file: " + e.getMessage());
      return 1;
    }
    CountDownLatch done = new CountDownLatch(1);
    Path pf = passwordFile;
    Path d = dir;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.stop();
                  try {
                    Files.deleteIfExists(pf);
                    Files.deleteIfExists(d);
                  } catch (IOException e) {
                    // best effort
                  }
                  done.countDown();
                },
                "em-simulator-stop"));
    out.println("url " + sim.baseUrl());
    out.println("user " + scenario.user());
    out.println("password-file " + passwordFile.toAbsolutePath());
    if (tls) {
      out.println("fingerprint " + sim.certificateSha256());
    }
    out.flush();
    err.printf(
        "em-simulator: serving %d task sessions, %d policy sessions, %d policies on %d servers%n",
        scenario.taskSessions().size(),
        scenario.policySessions().size(),
        scenario.policies().size(),
        scenario.backupServers().size());
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Serves a capture: the same lines on stdout, with a password file that any password fits. */
  private static int replay(
      Path capture, int port, boolean tls, String bind, PrintStream out, PrintStream err) {
    ReplayServer server;
    try {
      server = ReplayServer.start(capture, bind, port, tls);
    } catch (IOException | RuntimeException e) {
      err.println("em-simulator: cannot serve the capture: " + e.getMessage());
      return 1;
    }
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  done.countDown();
                },
                "em-simulator-stop"));
    out.println("url " + server.baseUrl());
    out.println("user " + server.user());
    if (tls) {
      out.println("fingerprint " + server.certificateSha256());
    }
    out.flush();
    err.printf("em-simulator: replaying the capture %s (any password logs on)%n", capture);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
