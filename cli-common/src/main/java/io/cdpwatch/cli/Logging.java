package io.cdpwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.OutputStream;
import org.slf4j.LoggerFactory;

/** Where log lines go: never stdout, which carries the result. */
public final class Logging {

  /** The SessionId in a logon session's path, e.g. {@code /api/logonSessions/<id>}. */
  static final String SESSION_PATH = "(?i)(logonSessions/)[^/\\s?\"]+";

  private Logging() {}

  /**
   * Sends every log line to {@code err}, each starting with {@code command}, at a level that
   * follows {@code -v}: nothing, then info, debug, and trace with wire-level HTTP.
   */
  public static void configure(String command, int verbosity, OutputStream err) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Level level =
        switch (verbosity) {
          case 0 -> Level.OFF;
          case 1 -> Level.INFO;
          case 2 -> Level.DEBUG;
          default -> Level.TRACE;
        };
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    // A logoff's path names the SessionId, and on real EM the token is base64 of it: HttpClient's
    // own logs (-vvv) print request lines, so every line is masked there.
    encoder.setPattern(
        command + " %-5level %logger{0}: %replace(%msg){'" + SESSION_PATH + "', '$1…'}%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setEncoder(encoder);
    appender.setOutputStream(err);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    root.setLevel(level);
    // HttpClient's own logging only at -vvv: below that it would be noise. Its header and wire
    // logs never: they would print the Basic credentials and the session token.
    context.getLogger("org.apache.hc").setLevel(verbosity >= 3 ? Level.DEBUG : Level.WARN);
    context.getLogger("org.apache.hc.client5.http.headers").setLevel(Level.OFF);
    context.getLogger("org.apache.hc.client5.http.wire").setLevel(Level.OFF);
  }
}
