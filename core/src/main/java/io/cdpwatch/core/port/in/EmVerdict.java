package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The judgement of Enterprise Manager itself, beside its VMs and policies: its server certificate
 * and its clock.
 *
 * @param certificateExpiry when the certificate EM presented stops being valid; empty when none was
 *     seen (plain HTTP)
 * @param clockOffset how far EM's clock is ahead of this host's (negative: behind); empty when no
 *     answer said
 * @param status the worst of the findings; OK when there are none
 * @param findings what is wrong ({@link Finding.CertificateExpiring}, {@link
 *     Finding.CertificateExpired}, {@link Finding.ClockSkew}); empty when OK
 */
public record EmVerdict(
    Optional<Instant> certificateExpiry,
    Optional<Duration> clockOffset,
    Status status,
    List<Finding> findings) {

  /** How long before its expiry EM's certificate is a warning, unless told otherwise. */
  public static final Duration DEFAULT_CERTIFICATE_WARNING = Duration.ofDays(14);

  /**
   * How far EM's clock may be from ours before ages are measured on EM's clock and the difference
   * is a finding: beyond the second an HTTP date gives and the minutes NTP-less hosts drift.
   */
  public static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofMinutes(5);

  public EmVerdict {
    Objects.requireNonNull(certificateExpiry, "'certificateExpiry' must not be null");
    Objects.requireNonNull(clockOffset, "'clockOffset' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    findings = List.copyOf(findings);
  }

  /** Nothing seen, nothing wrong. */
  public static EmVerdict none() {
    return new EmVerdict(Optional.empty(), Optional.empty(), Status.OK, List.of());
  }

  /** The whole days from {@code now} until the certificate expires; negative once it has. */
  public Optional<Long> certificateDaysLeft(Instant now) {
    Objects.requireNonNull(now, "'now' must not be null");
    return certificateExpiry.map(
        expiry -> Math.floorDiv(Duration.between(now, expiry).toSeconds(), 86_400L));
  }
}
