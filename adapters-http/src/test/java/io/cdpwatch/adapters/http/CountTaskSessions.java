package io.cdpwatch.adapters.http;

import io.cdpwatch.core.port.out.TaskSessionQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a forked JVM with a small heap by {@link LargeEstateTest}: counts the task sessions since
 * {@code args[2]} at EM {@code args[0]} as user {@code args[1]}; the password comes on stdin.
 * Prints the count and the peak heap used.
 */
public final class CountTaskSessions {

  private CountTaskSessions() {}

  public static void main(String[] args) throws Exception {
    char[] password =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            .readLine()
            .toCharArray();
    EmClientConfig config =
        EmClientConfig.builder()
            .baseUrl(args[0])
            .username(args[1])
            .password(password)
            .deadline(Duration.ofMinutes(2))
            .build();
    AtomicLong count = new AtomicLong();
    try (EmCdpSessionSource source = EmCdpSessionSource.open(config)) {
      source.taskSessions(
          TaskSessionQuery.since(Instant.parse(args[2])), s -> count.incrementAndGet());
    }
    System.out.println("count=" + count.get());
  }
}
