package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.domain.Uid;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which CDP policies and VMs a check looks at. With nothing selected, every policy and every VM the
 * account can see is checked.
 *
 * @param policies CDP policy names, exact; empty means every policy
 * @param vms VM display names, exact; a named VM without a task session is a problem
 * @param vmInclude only VMs whose display name this matches (anywhere in the name)
 * @param vmExclude no VM whose display name this matches (anywhere in the name)
 * @param backupServer only sessions of this backup server (exact name)
 * @param taskSession check exactly this one task session, and nothing else
 * @param lookback how far back task sessions are read: more than zero, at most 30 days
 * @param allowEmpty finding nothing at all to judge is fine (an estate without CDP); otherwise it
 *     is UNKNOWN, since it usually means the account may not see what there is
 */
public record Selection(
    Set<String> policies,
    Set<String> vms,
    Optional<Pattern> vmInclude,
    Optional<Pattern> vmExclude,
    Optional<String> backupServer,
    Optional<Uid> taskSession,
    Duration lookback,
    boolean allowEmpty) {

  /** EM keeps CDP sessions for 30 days; reading further back finds nothing. */
  public static final Duration MAX_LOOKBACK = Duration.ofDays(30);

  public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(7);

  public Selection {
    policies = Set.copyOf(new LinkedHashSet<>(policies));
    vms = Set.copyOf(new LinkedHashSet<>(vms));
    Objects.requireNonNull(vmInclude, "'vmInclude' must not be null");
    Objects.requireNonNull(vmExclude, "'vmExclude' must not be null");
    Objects.requireNonNull(backupServer, "'backupServer' must not be null");
    Objects.requireNonNull(taskSession, "'taskSession' must not be null");
    Objects.requireNonNull(lookback, "'lookback' must not be null");
    if (lookback.isZero() || lookback.isNegative()) {
      throw new IllegalArgumentException("the look-back window must be longer than zero");
    }
    if (lookback.compareTo(MAX_LOOKBACK) > 0) {
      throw new IllegalArgumentException(
          "the look-back window %s is longer than 30d, the longest EM keeps CDP sessions"
              .formatted(Durations.format(lookback)));
    }
  }

  /** Everything, over the default look-back window of 7 days. */
  public static Selection all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when this VM display name passes the name, include and exclude filters. */
  public boolean selectsVm(String vmDisplayName) {
    return (vms.isEmpty() || vms.contains(vmDisplayName))
        && vmInclude.map(p -> p.matcher(vmDisplayName).find()).orElse(true)
        && vmExclude.map(p -> !p.matcher(vmDisplayName).find()).orElse(true);
  }

  /** True when this policy name passes the policy filter. */
  public boolean selectsPolicy(String policyName) {
    return policies.isEmpty() || policies.contains(policyName);
  }

  /** True when the policies, VMs or backup server looked at are narrowed in any way. */
  public boolean narrows() {
    return !policies.isEmpty() || narrowsVms() || backupServer.isPresent();
  }

  /** True when VMs are narrowed by name or pattern. */
  public boolean narrowsVms() {
    return !vms.isEmpty() || vmInclude.isPresent() || vmExclude.isPresent();
  }

  /** Builds a {@link Selection}; every setting starts as "everything". */
  public static final class Builder {
    private final Set<String> policies = new LinkedHashSet<>();
    private final Set<String> vms = new LinkedHashSet<>();
    private Pattern vmInclude;
    private Pattern vmExclude;
    private String backupServer;
    private Uid taskSession;
    private Duration lookback = DEFAULT_LOOKBACK;
    private boolean allowEmpty;

    private Builder() {}

    public Builder policy(String name) {
      policies.add(Objects.requireNonNull(name, "'name' must not be null"));
      return this;
    }

    public Builder vm(String name) {
      vms.add(Objects.requireNonNull(name, "'name' must not be null"));
      return this;
    }

    public Builder vmInclude(Pattern pattern) {
      this.vmInclude = pattern;
      return this;
    }

    public Builder vmExclude(Pattern pattern) {
      this.vmExclude = pattern;
      return this;
    }

    public Builder backupServer(String name) {
      this.backupServer = name;
      return this;
    }

    public Builder taskSession(Uid id) {
      this.taskSession = id;
      return this;
    }

    public Builder lookback(Duration lookback) {
      this.lookback = lookback;
      return this;
    }

    public Builder allowEmpty(boolean allowEmpty) {
      this.allowEmpty = allowEmpty;
      return this;
    }

    public Selection build() {
      return new Selection(
          policies,
          vms,
          Optional.ofNullable(vmInclude),
          Optional.ofNullable(vmExclude),
          Optional.ofNullable(backupServer),
          Optional.ofNullable(taskSession),
          lookback,
          allowEmpty);
    }
  }
}
