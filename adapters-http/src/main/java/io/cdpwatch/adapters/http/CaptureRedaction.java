package io.cdpwatch.adapters.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --redact}: VM, policy, backup server, host, container and account names replaced by
 * placeholders ({@code vm-001}, {@code policy-001}, {@code server-001}, {@code host-001}, {@code
 * object-001}, {@code user-001}), the same name by the same placeholder throughout a capture, so
 * that a replay links sessions, policies and servers as the run did and reaches the same states.
 *
 * <p>Names are learned from where EM's XML puts them (the {@code Name} of a reference by its {@code
 * Type}, {@code VmDisplayName}, {@code PolicyName}, the includes of a policy, {@code UserName}),
 * host names from URLs and from dotted names in any text, accounts written DOMAIN&#92;user in any
 * text; then every occurrence is replaced, in bodies, Hrefs, headers and request targets, in its
 * plain, XML-escaped and URL-encoded forms. Names shorter than three characters and numbers are
 * left alone: replacing them would wreck the XML.
 */
final class CaptureRedaction {

  private static final Pattern START_TAG =
      Pattern.compile("<([\\w.:-]+)((?:\\s+[\\w.:-]+\\s*=\\s*(?:\"[^\"]*\"|'[^']*'))*)\\s*/?>");
  private static final Pattern ATTRIBUTE =
      Pattern.compile("([\\w.:-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
  private static final Pattern NAME_ELEMENT =
      Pattern.compile(
          "<(?:[\\w.-]+:)?(VmDisplayName|VmName|PolicyName|JobName|BackupServerName|UserName"
              + "|HostName|DnsName)\\s*>([^<]*)</");
  private static final Pattern INCLUDE =
      Pattern.compile(
          "<(?:[\\w.-]+:)?ObjectInJob\\b[^>]*>(.*?)</(?:[\\w.-]+:)?ObjectInJob\\s*>",
          Pattern.DOTALL);
  private static final Pattern INCLUDE_NAME =
      Pattern.compile("<(?:[\\w.-]+:)?(?:Name|DisplayName)\\s*>([^<]*)</");
  private static final Pattern URL_HOST =
      Pattern.compile("(?i)\\bhttps?://([^/:?#\"'<>\\s\\[\\]]+)");
  private static final Pattern DOTTED_NAME =
      Pattern.compile(
          "(?<![\\w.-])[A-Za-z][A-Za-z0-9-]*(?:\\.[A-Za-z0-9-]+)+\\.[A-Za-z][A-Za-z0-9-]*(?![\\w-])");
  private static final Pattern ACCOUNT =
      Pattern.compile("(?<![\\w\\\\-])[A-Za-z][\\w-]*\\\\[\\w.$-]+");
  private static final Pattern NAMESPACE =
      Pattern.compile("xmlns(?::[\\w.-]+)?\\s*=\\s*\"([^\"]*)\"");

  private final Map<String, String> placeholders = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new HashMap<>();
  private final Set<String> kept = new HashSet<>(Set.of("www.w3.org", "www.veeam.com"));
  private Pattern pattern;
  private Map<String, String> forms = Map.of();

  /** Learns a name of {@code kind} ("vm", "policy", "server", "host", "object", "user"). */
  void learn(String kind, String name) {
    String key = name.strip();
    if (key.length() < 3 || key.chars().allMatch(Character::isDigit) || kept.contains(key)) {
      return;
    }
    if (!placeholders.containsKey(key)) {
      int n = counts.merge(kind, 1, Integer::sum);
      placeholders.put(key, "%s-%03d".formatted(kind, n));
      pattern = null;
    }
  }

  /** Learns the names in an XML (or any) text. */
  void learnFrom(String text) {
    Matcher ns = NAMESPACE.matcher(text);
    while (ns.find()) {
      hostOf(ns.group(1)).ifPresent(kept::add);
    }
    Matcher tag = START_TAG.matcher(text);
    while (tag.find()) {
      Map<String, String> attributes = new HashMap<>();
      Matcher a = ATTRIBUTE.matcher(tag.group(2));
      while (a.find()) {
        attributes.put(a.group(1), unescape(a.group(2) != null ? a.group(2) : a.group(3)));
      }
      String local = tag.group(1).substring(tag.group(1).indexOf(':') + 1);
      String kind = kindOf(attributes.getOrDefault("Type", local));
      if (kind != null && attributes.containsKey("Name")) {
        learn(kind, attributes.get("Name"));
      }
      if (attributes.containsKey("VmDisplayName")) {
        learn("vm", attributes.get("VmDisplayName"));
      }
    }
    Matcher element = NAME_ELEMENT.matcher(text);
    while (element.find()) {
      String kind =
          switch (element.group(1)) {
            case "VmDisplayName", "VmName" -> "vm";
            case "PolicyName", "JobName" -> "policy";
            case "BackupServerName" -> "server";
            case "UserName" -> "user";
            default -> "host";
          };
      learn(kind, unescape(element.group(2)));
    }
    Matcher include = INCLUDE.matcher(text);
    while (include.find()) {
      String body = include.group(1);
      String kind = body.toLowerCase(Locale.ROOT).contains(":vm:") ? "vm" : "object";
      Matcher name = INCLUDE_NAME.matcher(body);
      while (name.find()) {
        learn(kind, unescape(name.group(1)));
      }
    }
    Matcher url = URL_HOST.matcher(text);
    while (url.find()) {
      if (!kept.contains(url.group(1))) {
        learn("host", url.group(1));
      }
    }
    Matcher account = ACCOUNT.matcher(text);
    while (account.find()) {
      learn("user", account.group());
    }
    Matcher dotted = DOTTED_NAME.matcher(text);
    while (dotted.find()) {
      learn("host", dotted.group());
    }
  }

  /** {@code text} with every learned name replaced. */
  String text(String text) {
    Pattern p = pattern();
    if (p == null) {
      return text;
    }
    return p.matcher(text).replaceAll(m -> Matcher.quoteReplacement(forms.get(m.group())));
  }

  /** A request target: its path as text, each query value decoded, replaced and encoded again. */
  String target(String target) {
    int question = target.indexOf('?');
    if (question < 0) {
      return text(target);
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : target.substring(question + 1).split("&")) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        pairs.add(pair);
        continue;
      }
      String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      String replaced = text(value);
      pairs.add(
          replaced.equals(value)
              ? pair
              : pair.substring(0, equals + 1)
                  + URLEncoder.encode(replaced, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return text(target.substring(0, question)) + "?" + String.join("&", pairs);
  }

  private static String kindOf(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    if (t.contains("session")) {
      return null;
    }
    if (t.startsWith("backupserver")) {
      return "server";
    }
    if (t.startsWith("cdppolicy") || t.startsWith("job") || t.startsWith("policy")) {
      return "policy";
    }
    if (t.startsWith("vm")) {
      return "vm";
    }
    if (t.startsWith("managedserver") || t.startsWith("host")) {
      return "host";
    }
    return null;
  }

  private Pattern pattern() {
    if (pattern == null && !placeholders.isEmpty()) {
      Map<String, String> all = new HashMap<>();
      placeholders.forEach(
          (name, placeholder) -> {
            for (String form : forms(name)) {
              all.putIfAbsent(form, placeholder);
            }
          });
      String alternatives =
          all.keySet().stream()
              .sorted(Comparator.comparingInt(String::length).reversed())
              .map(Pattern::quote)
              .reduce((a, b) -> a + "|" + b)
              .orElseThrow();
      forms = all;
      // A name starts where no word character is before it, or right after a %XX escape.
      pattern =
          Pattern.compile("(?:(?<=%[0-9A-Fa-f]{2})|(?<![\\w-]))(?:" + alternatives + ")(?![\\w-])");
    }
    return pattern;
  }

  private static Set<String> forms(String name) {
    Set<String> forms = new HashSet<>();
    forms.add(name);
    forms.add(name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    forms.add(
        name.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;")
            .replace("'", "&apos;"));
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8);
    forms.add(encoded);
    forms.add(encoded.replace("+", "%20"));
    forms.add(lowerHex(encoded));
    forms.add(lowerHex(encoded.replace("+", "%20")));
    return forms;
  }

  private static String lowerHex(String encoded) {
    Matcher m = Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
    return m.replaceAll(r -> r.group().toLowerCase(Locale.ROOT));
  }

  private static Optional<String> hostOf(String url) {
    try {
      return Optional.ofNullable(new URI(url).getHost());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String unescape(String xml) {
    return xml.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }
}
