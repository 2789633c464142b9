package io.cdpwatch.cli;

import io.cdpwatch.core.check.AgeThresholds;
import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.in.EmVerdict;
import io.cdpwatch.core.port.in.Selection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the command line both commands share, as {@code shared/spec/cli.md} defines it: the
 * connection, the selection, the age thresholds and verbosity, plus the options a command adds of
 * its own ({@link Option#of}). An option given inline with an empty value ({@code --ca-file=})
 * counts as not given, so that a monitoring macro left empty passes nothing.
 */
public final class CommandLine {

  public static final int DEFAULT_PORT = 9398;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SNAPSHOT_MAX_AGE = Duration.ofSeconds(60);
  static final Duration MAX_SNAPSHOT_MAX_AGE = Duration.ofDays(1);

  /** What the command line asks for. */
  public enum Action {
    CHECK,
    HELP,
    VERSION
  }

  /**
   * A parsed command line: for {@link Action#CHECK} every part is set; for help and version only
   * the action and verbosity.
   */
  public record Parsed(
      Action action,
      ConnectionOptions connection,
      Selection selection,
      Optional<Thresholds> thresholds,
      int verbosity,
      Map<Option, List<String>> values) {

    public Parsed {
      values = Map.copyOf(values);
    }

    /** Every value given for {@code option}, in order; empty when it was not given. */
    public List<String> values(Option option) {
      return values.getOrDefault(option, List.of());
    }

    public boolean has(Option option) {
      return values.containsKey(option);
    }

    /**
     * How long before its expiry EM's certificate is a warning ({@code --certificate-warning},
     * checked when parsed); zero when it is not judged.
     */
    public Duration certificateWarning() {
      List<String> given = values(Option.CERTIFICATE_WARNING);
      return given.isEmpty()
          ? EmVerdict.DEFAULT_CERTIFICATE_WARNING
          : Duration.ofDays(Long.parseLong(given.get(0).strip()));
    }
  }

  /** One option: its long name, its short letter (if any), whether it takes a value. */
  public record Option(
      String longName, Character shortName, boolean takesValue, boolean repeatable) {

    // Each option is one constant, and a record's generated equals and hashCode would spin method
    // handles at the first call, ~40 ms of every run's start-up: these are plain methods instead.
    @Override
    public boolean equals(Object other) {
      return other instanceof Option option && longName.equals(option.longName);
    }

    @Override
    public int hashCode() {
      return longName.hashCode();
    }

    static final Option HOSTNAME = new Option("hostname", 'H', true, false);
    static final Option PORT = new Option("port", 'P', true, false);
    static final Option URL = new Option("url", null, true, false);
    static final Option USERNAME = new Option("username", 'u', true, false);
    static final Option PASSWORD_FILE = new Option("password-file", null, true, false);
    static final Option ALLOW_READABLE_PASSWORD_FILE =
        new Option("allow-readable-password-file", null, false, false);
    static final Option CA_FILE = new Option("ca-file", null, true, false);
    static final Option FINGERPRINT = new Option("fingerprint", null, true, true);
    static final Option INSECURE = new Option("insecure", 'k', false, false);
    static final Option CERTIFICATE_WARNING = new Option("certificate-warning", null, true, false);
    static final Option TIMEOUT = new Option("timeout", 't', true, false);
    static final Option SESSION_CACHE = new Option("session-cache", null, true, false);
    static final Option NO_SESSION_CACHE = new Option("no-session-cache", null, false, false);
    static final Option SNAPSHOT_MAX_AGE = new Option("snapshot-max-age", null, true, false);
    static final Option VERBOSE = new Option("verbose", 'v', false, true);
    static final Option DUMP = new Option("dump", null, true, false);
    static final Option REDACT = new Option("redact", null, false, false);
    static final Option REPLAY = new Option("replay", null, true, false);
    static final Option HELP = new Option("help", 'h', false, false);
    static final Option VERSION = new Option("version", 'V', false, false);
    static final Option POLICY = new Option("policy", null, true, true);
    static final Option VM = new Option("vm", null, true, true);
    static final Option VM_REGEX = new Option("vm-regex", null, true, false);
    static final Option EXCLUDE_VM_REGEX = new Option("exclude-vm-regex", null, true, false);
    static final Option BACKUP_SERVER = new Option("backup-server", null, true, false);
    static final Option TASK_SESSION = new Option("task-session", null, true, false);
    static final Option LOOKBACK = new Option("lookback", null, true, false);
    static final Option ALLOW_EMPTY = new Option("allow-empty", null, false, false);
    static final Option WARNING = new Option("warning", 'w', true, false);
    static final Option CRITICAL = new Option("critical", 'c', true, false);

    static final List<Option> SHARED =
        List.of(
            HOSTNAME,
            PORT,
            URL,
            USERNAME,
            PASSWORD_FILE,
            ALLOW_READABLE_PASSWORD_FILE,
            CA_FILE,
            FINGERPRINT,
            INSECURE,
            CERTIFICATE_WARNING,
            TIMEOUT,
            SESSION_CACHE,
            NO_SESSION_CACHE,
            SNAPSHOT_MAX_AGE,
            VERBOSE,
            DUMP,
            REDACT,
            REPLAY,
            HELP,
            VERSION,
            POLICY,
            VM,
            VM_REGEX,
            EXCLUDE_VM_REGEX,
            BACKUP_SERVER,
            TASK_SESSION,
            LOOKBACK,
            ALLOW_EMPTY,
            WARNING,
            CRITICAL);

    public Option {
      Objects.requireNonNull(longName, "'longName' must not be null");
    }

    /** A long option of a command's own; {@code takesValue} false makes it a flag. */
    public static Option of(String longName, boolean takesValue, boolean repeatable) {
      return new Option(longName, null, takesValue, repeatable);
    }

    public String display() {
      return "--" + longName;
    }
  }

  private final Map<Option, List<String>> values = new HashMap<>();
  private final Map<String, String> environment;
  private final List<Option> options = new ArrayList<>(Option.SHARED);

  private CommandLine(Map<String, String> environment, List<Option> extra) {
    this.environment = environment;
    this.options.addAll(extra);
  }

  /**
   * Parses {@code args}; {@code environment} supplies {@code VEEAM_EM_USERNAME} and tells whether
   * {@code VEEAM_EM_PASSWORD} is set.
   *
   * @throws UsageException with a one-line reason for anything the contract does not allow
   */
  public static Parsed parse(List<String> args, Map<String, String> environment)
      throws UsageException {
    return parse(args, environment, List.of());
  }

  /** As {@link #parse(List, Map)}, with the options {@code extra} of a command's own. */
  public static Parsed parse(List<String> args, Map<String, String> environment, List<Option> extra)
      throws UsageException {
    CommandLine commandLine = new CommandLine(environment, extra);
    commandLine.read(args);
    return commandLine.build();
  }

  private void read(List<String> args) throws UsageException {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        if (i + 1 < args.size()) {
          throw new UsageException("unexpected argument '%s'".formatted(args.get(i + 1)));
        }
        return;
      }
      if (arg.startsWith("--")) {
        String name = arg.substring(2);
        String inline = null;
        int equals = name.indexOf('=');
        if (equals >= 0) {
          inline = name.substring(equals + 1);
          name = name.substring(0, equals);
        }
        String optionName = name;
        Option option = byLong(optionName).orElseThrow(() -> unknownOption("--" + optionName));
        if (option.takesValue()) {
          if (inline == null) {
            if (i + 1 >= args.size()) {
              throw new UsageException("%s needs a value".formatted(option.display()));
            }
            inline = args.get(++i);
          } else if (inline.isEmpty()) {
            continue;
          }
          add(option, inline);
        } else {
          if (inline != null) {
            throw new UsageException("%s takes no value".formatted(option.display()));
          }
          add(option, "");
        }
      } else if (arg.startsWith("-") && arg.length() > 1) {
        for (int c = 1; c < arg.length(); c++) {
          char letter = arg.charAt(c);
          Option option = byShort(letter).orElseThrow(() -> unknownOption("-" + letter));
          if (option.takesValue()) {
            String value = arg.substring(c + 1);
            if (value.isEmpty()) {
              if (i + 1 >= args.size()) {
                throw new UsageException("-%s needs a value".formatted(letter));
              }
              value = args.get(++i);
            }
            add(option, value);
            break;
          }
          add(option, "");
        }
      } else {
        throw new UsageException(
            "unexpected argument '%s' (every value belongs to an option)".formatted(arg));
      }
    }
  }

  private Optional<Option> byLong(String name) {
    return options.stream().filter(o -> o.longName().equals(name)).findFirst();
  }

  private Optional<Option> byShort(char name) {
    return options.stream().filter(o -> o.shortName() != null && o.shortName() == name).findFirst();
  }

  private static UsageException unknownOption(String option) {
    if (option.equals("--password") || option.equals("-p")) {
      return new UsageException(
          "there is deliberately no option that takes the password: use --password-file FILE"
              + " or the environment variable VEEAM_EM_PASSWORD");
    }
    return new UsageException("unknown option '%s'".formatted(option));
  }

  private void add(Option option, String value) {
    values.computeIfAbsent(option, o -> new ArrayList<>()).add(value);
  }

  private Parsed build() throws UsageException {
    int verbosity = Math.min(3, values.getOrDefault(Option.VERBOSE, List.of()).size());
    if (values.containsKey(Option.HELP)) {
      return new Parsed(Action.HELP, null, null, null, verbosity, values);
    }
    if (values.containsKey(Option.VERSION)) {
      return new Parsed(Action.VERSION, null, null, null, verbosity, values);
    }
    for (Map.Entry<Option, List<String>> entry : values.entrySet()) {
      if (!entry.getKey().repeatable() && entry.getValue().size() > 1) {
        throw new UsageException("%s was given more than once".formatted(entry.getKey().display()));
      }
    }
    checkCertificateWarning();
    return new Parsed(Action.CHECK, connection(), selection(), thresholds(), verbosity, values);
  }

  /** {@code --certificate-warning DAYS}: 0 (off) to 3650 days. */
  private void checkCertificateWarning() throws UsageException {
    Optional<String> text = one(Option.CERTIFICATE_WARNING);
    if (text.isEmpty()) {
      return;
    }
    try {
      long days = Long.parseLong(text.get().strip());
      if (days >= 0 && days <= 3_650) {
        return;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new UsageException(
        "--certificate-warning must be a whole number of days from 0 (off) to 3650, not '%s'"
            .formatted(text.get()));
  }

  private ConnectionOptions connection() throws UsageException {
    Optional<Path> replay = one(Option.REPLAY).map(Path::of);
    Optional<Path> dump = one(Option.DUMP).map(Path::of);
    boolean redact = values.containsKey(Option.REDACT);
    if (redact && dump.isEmpty()) {
      throw new UsageException("--redact goes with --dump DIR only");
    }
    if (dump.isPresent() && replay.isPresent()) {
      throw new UsageException("give either --dump or --replay, not both");
    }
    Optional<EmSources.Captured> captured = Optional.empty();
    if (replay.isPresent() && (!given(Option.URL, Option.HOSTNAME) || !given(Option.USERNAME))) {
      try {
        captured = Optional.of(EmSources.captured(replay.get()));
      } catch (RuntimeException e) {
        throw new UsageException("--replay: " + e.getMessage());
      }
    }
    URI baseUrl =
        captured.isPresent() && !given(Option.URL, Option.HOSTNAME)
            ? captured.get().baseUrl()
            : baseUrl();
    Optional<String> capturedUser = captured.map(EmSources.Captured::username);
    String username =
        one(Option.USERNAME)
            .or(() -> capturedUser)
            .or(() -> env("VEEAM_EM_USERNAME"))
            .filter(u -> !u.isBlank())
            .orElse(null);
    if (username == null) {
      throw new UsageException("no user name: give -u USER or set VEEAM_EM_USERNAME");
    }
    Optional<Path> passwordFile = one(Option.PASSWORD_FILE).map(Path::of);
    if (replay.isEmpty() && passwordFile.isEmpty() && env("VEEAM_EM_PASSWORD").isEmpty()) {
      throw new UsageException(
          "no password: give --password-file FILE or set the environment variable VEEAM_EM_PASSWORD");
    }
    boolean allowReadable = values.containsKey(Option.ALLOW_READABLE_PASSWORD_FILE);
    if (allowReadable && passwordFile.isEmpty()) {
      throw new UsageException("--allow-readable-password-file goes with --password-file only");
    }
    List<String> fingerprints = new ArrayList<>();
    for (String text : values.getOrDefault(Option.FINGERPRINT, List.of())) {
      String hex = fingerprint(text);
      if (hex.isEmpty()) {
        throw new UsageException(
            "--fingerprint must be a SHA-256 fingerprint: 64 hex digits, colons optional");
      }
      fingerprints.add(hex);
    }
    boolean insecure = values.containsKey(Option.INSECURE);
    if (insecure && (!fingerprints.isEmpty() || values.containsKey(Option.CA_FILE))) {
      throw new UsageException(
          "--insecure turns verification off: do not combine it with --ca-file or --fingerprint");
    }
    if (!fingerprints.isEmpty() && values.containsKey(Option.CA_FILE)) {
      throw new UsageException("give either --ca-file or --fingerprint, not both");
    }
    boolean noCache = values.containsKey(Option.NO_SESSION_CACHE);
    if (noCache && values.containsKey(Option.SESSION_CACHE)) {
      throw new UsageException("give either --session-cache or --no-session-cache, not both");
    }
    return new ConnectionOptions(
        baseUrl,
        username,
        passwordFile,
        allowReadable,
        one(Option.CA_FILE).map(Path::of),
        fingerprints,
        insecure,
        timeout(),
        one(Option.SESSION_CACHE).map(Path::of),
        noCache,
        dump,
        redact,
        replay,
        snapshotMaxAge());
  }

  private boolean given(Option... options) {
    for (Option option : options) {
      if (values.containsKey(option)) {
        return true;
      }
    }
    return false;
  }

  private URI baseUrl() throws UsageException {
    Optional<String> url = one(Option.URL);
    Optional<String> host = one(Option.HOSTNAME);
    if (url.isPresent() && (host.isPresent() || values.containsKey(Option.PORT))) {
      throw new UsageException("give either --url or -H/--hostname (with -P/--port), not both");
    }
    if (url.isPresent()) {
      return parseUrl(url.get());
    }
    if (host.isEmpty() || host.get().isBlank()) {
      throw new UsageException("no Enterprise Manager given: use -H HOST or --url URL");
    }
    int port = DEFAULT_PORT;
    Optional<String> portText = one(Option.PORT);
    if (portText.isPresent()) {
      try {
        port = Integer.parseInt(portText.get().strip());
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65_535) {
        throw new UsageException(
            "-P/--port must be a port number from 1 to 65535, not '%s'".formatted(portText.get()));
      }
    }
    return parseUrl("https://" + hostForUrl(host.get().strip()) + ":" + port + "/api");
  }

  private static final Pattern HOST_NAME =
      Pattern.compile(
          "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
  private static final Pattern IPV6 = Pattern.compile("\\[?([0-9A-Fa-f:.]+(?:%\\w+)?)]?");

  /** A host name, IPv4 or IPv6 address as the URL's host part; anything else is refused. */
  private static String hostForUrl(String host) throws UsageException {
    if (HOST_NAME.matcher(host).matches()) {
      return host;
    }
    Matcher ipv6 = IPV6.matcher(host);
    if (host.chars().filter(c -> c == ':').count() >= 2 && ipv6.matches()) {
      return "[" + ipv6.group(1) + "]";
    }
    if (host.matches("[^:/\\s]+:\\d+")) {
      throw new UsageException(
          "-H/--hostname takes the host alone ('%s'): give the port with -P/--port"
              .formatted(host));
    }
    if (host.contains("_")) {
      throw new UsageException(
          "'%s' has a '_', which a URL's host name cannot hold: use the IP address, or --url"
              .formatted(host));
    }
    throw new UsageException("-H/--hostname '%s' is not a host name or IP address".formatted(host));
  }

  private static URI parseUrl(String text) throws UsageException {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new UsageException("'%s' is not a URL".formatted(text));
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new UsageException(
          "the EM URL must start with https:// (or http:// for labs), not '%s'".formatted(text));
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new UsageException("the EM URL '%s' names no host".formatted(text));
    }
    if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
      throw new UsageException(
          "the EM URL must be a plain base URL such as https://em.example.com:9398/api");
    }
    String path = Optional.ofNullable(uri.getPath()).orElse("");
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      path = "/api";
    }
    try {
      return new URI(scheme, null, uri.getHost(), uri.getPort(), path, null, null);
    } catch (URISyntaxException e) {
      throw new UsageException("'%s' is not a URL".formatted(text));
    }
  }

  /** The fingerprint as 64 lower-case hex digits, or empty when it is not one. */
  private static String fingerprint(String text) {
    String hex = text.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
    if (hex.startsWith("sha256/") || hex.startsWith("sha-256=")) {
      hex = hex.substring(hex.indexOf(hex.startsWith("sha256/") ? '/' : '=') + 1);
    }
    return hex.matches("[0-9a-f]{64}") ? hex : "";
  }

  /** {@code --snapshot-max-age DURATION}: 0 (never) to 1d. */
  private Duration snapshotMaxAge() throws UsageException {
    Optional<String> text = one(Option.SNAPSHOT_MAX_AGE);
    if (text.isEmpty()) {
      return DEFAULT_SNAPSHOT_MAX_AGE;
    }
    try {
      Duration age = Durations.parse(text.get());
      if (age.compareTo(MAX_SNAPSHOT_MAX_AGE) <= 0) {
        return age;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the message below
    }
    throw new UsageException(
        "--snapshot-max-age must be a duration from 0 (never use a snapshot) to 1d, e.g. 60 or"
            + " 2m, not '%s'".formatted(text.get()));
  }

  private Duration timeout() throws UsageException {
    Optional<String> text = one(Option.TIMEOUT);
    if (text.isEmpty()) {
      return DEFAULT_TIMEOUT;
    }
    try {
      long seconds = Long.parseLong(text.get().strip());
      if (seconds >= 1 && seconds <= 3_600) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new UsageException(
        "-t/--timeout must be a whole number of seconds from 1 to 3600, not '%s'"
            .formatted(text.get()));
  }

  private Selection selection() throws UsageException {
    Selection.Builder builder = Selection.builder();
    for (String policy : values.getOrDefault(Option.POLICY, List.of())) {
      builder.policy(nonBlank(Option.POLICY, policy));
    }
    for (String vm : values.getOrDefault(Option.VM, List.of())) {
      builder.vm(nonBlank(Option.VM, vm));
    }
    builder.vmInclude(pattern(Option.VM_REGEX));
    builder.vmExclude(pattern(Option.EXCLUDE_VM_REGEX));
    builder.backupServer(one(Option.BACKUP_SERVER).orElse(null));
    builder.allowEmpty(values.containsKey(Option.ALLOW_EMPTY));
    Optional<String> taskSession = one(Option.TASK_SESSION);
    if (taskSession.isPresent()) {
      for (Option other :
          List.of(
              Option.POLICY,
              Option.VM,
              Option.VM_REGEX,
              Option.EXCLUDE_VM_REGEX,
              Option.BACKUP_SERVER)) {
        if (values.containsKey(other)) {
          throw new UsageException(
              "--task-session checks exactly one task session: do not combine it with %s"
                  .formatted(other.display()));
        }
      }
      try {
        builder.taskSession(Uid.parseOrId(taskSession.get(), CdpTaskSession.TYPE));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--task-session must be a GUID or urn:veeam:CdpReplicaTaskSession:GUID: "
                + e.getMessage());
      }
    }
    Optional<String> lookback = one(Option.LOOKBACK);
    try {
      if (lookback.isPresent()) {
        builder.lookback(Durations.parse(lookback.get()));
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--lookback: " + e.getMessage());
    }
  }

  /**
   * The thresholds given; empty when neither {@code -w} nor {@code -c} is, so that each policy's
   * own apply. A warning alone keeps the default critical age.
   */
  private Optional<Thresholds> thresholds() throws UsageException {
    if (one(Option.WARNING).isEmpty() && one(Option.CRITICAL).isEmpty()) {
      return Optional.empty();
    }
    Range warning = range(Option.WARNING, null);
    Range critical =
        one(Option.CRITICAL).isPresent()
            ? range(Option.CRITICAL, null)
            : AgeThresholds.DEFAULT.thresholds().critical().orElseThrow();
    return Optional.of(Thresholds.of(warning, critical));
  }

  private Range range(Option option, String fallback) throws UsageException {
    Optional<String> text = one(option).or(() -> Optional.ofNullable(fallback));
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Durations.parseRange(text.get());
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "-%s/%s: %s".formatted(option.shortName(), option.display(), e.getMessage()));
    }
  }

  private Pattern pattern(Option option) throws UsageException {
    Optional<String> text = one(option);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(text.get());
    } catch (PatternSyntaxException e) {
      throw new UsageException(
          "%s '%s' is not a valid regular expression: %s"
              .formatted(option.display(), text.get(), e.getDescription()));
    }
  }

  private static String nonBlank(Option option, String value) throws UsageException {
    if (value.isBlank()) {
      throw new UsageException("%s needs a non-empty value".formatted(option.display()));
    }
    return value;
  }

  private Optional<String> one(Option option) {
    List<String> given = values.get(option);
    return given == null ? Optional.empty() : Optional.of(given.get(0));
  }

  private Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name));
  }
}
