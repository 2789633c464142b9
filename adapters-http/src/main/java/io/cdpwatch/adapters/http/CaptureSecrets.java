package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.Capture.Exchange;
import io.cdpwatch.adapters.http.Capture.Field;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a capture must not hold: the password, the Basic credentials, cookies, the session token
 * (any header of that name, in any case) and every SessionId, wherever they appear (headers,
 * request targets, bodies, Hrefs), together with the base64 forms EM derives from a SessionId. Each
 * is replaced by a fixed placeholder, so that a replay's logon and logoff still match.
 */
final class CaptureSecrets {

  static final String TOKEN = "removed-token";
  static final String SESSION_ID = "removed-session-id";
  static final String REMOVED = "removed";

  private static final Pattern SESSION_ID_ELEMENT =
      Pattern.compile("<(?:[\\w.-]+:)?SessionId\\s*>\\s*([^<\\s]+)\\s*<");
  private static final Pattern SESSION_PATH =
      Pattern.compile("(?i)/logonSessions/([^/?#&\"'<>\\s]+)");

  /** The shortest secret replaced inside texts; shorter ones would wreck the capture. */
  private static final int SHORTEST = 4;

  private final Map<String, String> secrets = new HashMap<>();
  private List<String> longestFirst = List.of();

  /** Learns the secrets {@code raw} carries, then returns it with every known one replaced. */
  Exchange scrub(Exchange raw) {
    learn(raw);
    String body = raw.body() == null ? null : latin1(raw.body());
    return new Exchange(
        raw.method(),
        text(raw.target()),
        headers(raw.requestHeaders()),
        raw.status(),
        headers(raw.responseHeaders()),
        body == null ? null : text(body).getBytes(StandardCharsets.ISO_8859_1),
        text(raw.failure()));
  }

  /** {@code text} with every known secret replaced. */
  String text(String text) {
    String result = text;
    for (String secret : longestFirst) {
      String placeholder = secrets.get(secret);
      result = result.replace(secret, placeholder);
      String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
      if (!encoded.equals(secret)) {
        result = result.replace(encoded, placeholder);
      }
    }
    return result;
  }

  private void learn(Exchange raw) {
    for (Field field : raw.requestHeaders()) {
      learnHeader(field);
    }
    for (Field field : raw.responseHeaders()) {
      learnHeader(field);
    }
    learnSessionIds(raw.target());
    if (raw.body() != null) {
      learnSessionIds(latin1(raw.body()));
    }
    longestFirst =
        secrets.keySet().stream()
            .filter(s -> s.length() >= SHORTEST)
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  private void learnHeader(Field field) {
    String name = field.name().toLowerCase(Locale.ROOT);
    String value = field.value().strip();
    if (value.isEmpty()) {
      return;
    }
    if (name.equals("x-restsvcsessionid")) {
      secrets.put(value, TOKEN);
      decoded(value).ifPresent(this::sessionId);
    } else if (name.equals("authorization") || name.equals("proxy-authorization")) {
      int space = value.indexOf(' ');
      String credentials = space < 0 ? value : value.substring(space + 1).strip();
      secrets.put(credentials, REMOVED);
      decoded(credentials)
          .filter(pair -> pair.indexOf(':') >= 0)
          .map(pair -> pair.substring(pair.indexOf(':') + 1))
          .filter(password -> !password.isEmpty())
          .ifPresent(password -> secrets.put(password, REMOVED));
    }
  }

  private void learnSessionIds(String text) {
    for (Pattern pattern : List.of(SESSION_ID_ELEMENT, SESSION_PATH)) {
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        if (!m.group(1).startsWith(SESSION_ID)) {
          sessionId(m.group(1));
        }
      }
    }
  }

  private void sessionId(String id) {
    secrets.put(id, SESSION_ID);
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    secrets.put(Base64.getEncoder().encodeToString(bytes), TOKEN);
    secrets.put(Base64.getEncoder().withoutPadding().encodeToString(bytes), TOKEN);
  }

  private static Optional<String> decoded(String base64) {
    try {
      String text = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
      return text.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0xfffd)
          ? Optional.of(text)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private List<Field> headers(List<Field> fields) {
    List<Field> result = new ArrayList<>();
    for (Field field : fields) {
      result.add(new Field(field.name(), header(field)));
    }
    return result;
  }

  private String header(Field field) {
    String name = field.name().toLowerCase(Locale.ROOT);
    if (name.equals("x-restsvcsessionid")) {
      return TOKEN;
    }
    if (name.contains("authorization")
        || name.contains("cookie")
        || name.contains("token")
        || name.contains("session")) {
      return REMOVED;
    }
    return text(field.value());
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
