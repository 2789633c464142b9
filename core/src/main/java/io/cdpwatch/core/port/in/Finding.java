package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.AgeThresholds;
import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.domain.Uid;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing the judgement found wrong with a VM or a policy, with the data behind it and the state
 * it calls for. Presenters word it; {@link #kind()} names it for machines.
 */
public sealed interface Finding {

  /** What kind of problem a finding is, and the state it calls for (a stale one: by its range). */
  enum Kind {
    FAILED(Status.CRITICAL),
    WARNING(Status.WARNING),
    UNDOCUMENTED_RESULT(Status.UNKNOWN),
    UNDOCUMENTED_STATE(Status.UNKNOWN),
    STALE(Status.CRITICAL),
    MISSING(Status.CRITICAL),
    EXCLUDED(Status.UNKNOWN),
    OTHER_POLICY(Status.CRITICAL),
    POLICY_UNKNOWN(Status.UNKNOWN),
    STOPPED(Status.CRITICAL),
    DISABLED(Status.WARNING),
    SETTINGS_UNAVAILABLE(Status.UNKNOWN),
    CERTIFICATE_EXPIRING(Status.WARNING),
    CERTIFICATE_EXPIRED(Status.WARNING),
    CLOCK_SKEW(Status.WARNING);

    private final Status status;

    Kind(Status status) {
      this.status = status;
    }
  }

  Kind kind();

  /** The state this finding alone calls for. */
  default Status status() {
    return kind().status;
  }

  /** The newest task session failed; {@code reason} without EM's "Error:" prefix. */
  record TaskFailed(Optional<String> reason) implements Finding {
    public TaskFailed {
      Objects.requireNonNull(reason, "'reason' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.FAILED;
    }
  }

  /** The newest task session ended with a warning; {@code reason} without EM's prefix. */
  record TaskWarning(Optional<String> reason) implements Finding {
    public TaskWarning {
      Objects.requireNonNull(reason, "'reason' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.WARNING;
    }
  }

  /** A session result EM documents no meaning for. */
  record UndocumentedResult(String value) implements Finding {
    public UndocumentedResult {
      Objects.requireNonNull(value, "'value' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.UNDOCUMENTED_RESULT;
    }
  }

  /** A task or policy session state EM documents no meaning for. */
  record UndocumentedState(String value) implements Finding {
    public UndocumentedState {
      Objects.requireNonNull(value, "'value' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.UNDOCUMENTED_STATE;
    }
  }

  /**
   * The newest task session is older than a threshold allows.
   *
   * @param status WARNING or CRITICAL, by the range violated
   * @param violated the age range (in seconds) that the age is outside of
   * @param applied the thresholds the range is one of, and where they came from
   */
  record Stale(Duration age, Status status, Range violated, AgeThresholds applied)
      implements Finding {
    public Stale {
      Objects.requireNonNull(age, "'age' must not be null");
      Objects.requireNonNull(status, "'status' must not be null");
      Objects.requireNonNull(violated, "'violated' must not be null");
      Objects.requireNonNull(applied, "'applied' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.STALE;
    }
  }

  /**
   * A VM that should have a task session (named, or included in its policy) has none in the
   * look-back window.
   *
   * @param searched how far back its newest session was looked for (EM's whole window)
   * @param lastSeen when its newest session there started; empty when it has none at all
   */
  record NoTaskSession(Duration searched, Optional<Instant> lastSeen) implements Finding {
    public NoTaskSession {
      Objects.requireNonNull(searched, "'searched' must not be null");
      Objects.requireNonNull(lastSeen, "'lastSeen' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.MISSING;
    }
  }

  /** A VM selected by name that the selection's name patterns leave out: said, not judged. */
  record ExcludedByPattern() implements Finding {
    @Override
    public Kind kind() {
      return Kind.EXCLUDED;
    }
  }

  /** A VM selected by name whose newest task session belongs to a policy not selected. */
  record InOtherPolicy(String policy) implements Finding {
    public InOtherPolicy {
      Objects.requireNonNull(policy, "'policy' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.OTHER_POLICY;
    }
  }

  /** The policy of a VM's newest task session cannot be told: its policy session is not found. */
  record PolicyUnknown(Uid policySession) implements Finding {
    public PolicyUnknown {
      Objects.requireNonNull(policySession, "'policySession' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.POLICY_UNKNOWN;
    }
  }

  /** The policy's newest session is stopped; {@code failed} when its result is Failed. */
  record PolicyStopped(boolean failed, Optional<String> message) implements Finding {
    public PolicyStopped {
      Objects.requireNonNull(message, "'message' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.STOPPED;
    }
  }

  /** A selected policy without any policy session within {@code window}. */
  record NoPolicySession(Duration window) implements Finding {
    public NoPolicySession {
      Objects.requireNonNull(window, "'window' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.MISSING;
    }
  }

  /** A policy without any session in EM's window that B&R has disabled. */
  record PolicyDisabled() implements Finding {
    @Override
    public Kind kind() {
      return Kind.DISABLED;
    }
  }

  /**
   * The policy's settings and includes could not be read (default thresholds applied, included VMs
   * not checked); {@code reason} is the one-line failure.
   */
  record SettingsUnavailable(String reason) implements Finding {
    public SettingsUnavailable {
      Objects.requireNonNull(reason, "'reason' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.SETTINGS_UNAVAILABLE;
    }
  }

  /**
   * EM's server certificate stops being valid within the warning period.
   *
   * @param left the time from the judgement to {@code notAfter}, more than zero
   */
  record CertificateExpiring(Duration left, Instant notAfter) implements Finding {
    public CertificateExpiring {
      Objects.requireNonNull(left, "'left' must not be null");
      Objects.requireNonNull(notAfter, "'notAfter' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.CERTIFICATE_EXPIRING;
    }
  }

  /** EM's server certificate is no longer valid, yet was accepted (pinned, or not verified). */
  record CertificateExpired(Instant notAfter) implements Finding {
    public CertificateExpired {
      Objects.requireNonNull(notAfter, "'notAfter' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.CERTIFICATE_EXPIRED;
    }
  }

  /**
   * EM's clock is {@code offset} ahead of this host's (negative: behind), more than {@link
   * EmVerdict#CLOCK_SKEW_TOLERANCE}: ages were measured on EM's clock, which dates the sessions.
   */
  record ClockSkew(Duration offset) implements Finding {
    public ClockSkew {
      Objects.requireNonNull(offset, "'offset' must not be null");
    }

    @Override
    public Kind kind() {
      return Kind.CLOCK_SKEW;
    }
  }
}
