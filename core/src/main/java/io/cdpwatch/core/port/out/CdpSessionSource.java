package io.cdpwatch.core.port.out;

import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.Uid;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the CDP checks need from Enterprise Manager, in domain terms (secondary port).
 *
 * <p>Sessions are handed to a consumer one by one as they are read, so that a large estate never
 * needs every entity in memory at once. Every session that matches a query is handed over; none is
 * dropped. A session may be handed over twice when EM's pages shift while they are read (a source
 * keeps no set of every id it read): consumers keep what they need idempotently, such as the newest
 * session per VM. Policies are handed over once each. Failures are thrown as {@link
 * CdpSourceException}.
 */
public interface CdpSessionSource {

  /** Hands every CDP task session that matches {@code query} to {@code sink}, in any order. */
  void taskSessions(TaskSessionQuery query, Consumer<? super CdpTaskSession> sink);

  /** Hands every CDP policy session that matches {@code query} to {@code sink}, in any order. */
  void policySessions(PolicySessionQuery query, Consumer<? super CdpPolicySession> sink);

  /**
   * Hands every CDP policy that matches {@code query} to {@code sink}, with its settings and
   * includes, in any order.
   */
  void policies(PolicyQuery query, Consumer<? super CdpPolicy> sink);

  /** The CDP task session with this UID, or empty when EM has none. */
  Optional<CdpTaskSession> taskSession(Uid id);

  /**
   * The entity {@code link} points to (a policy session, policy, backup server or task session), or
   * empty when EM has no such resource. A kind the source does not know is returned as an {@link
   * io.cdpwatch.core.domain.EntityRef}.
   */
  Optional<Resource> follow(Link link);

  /**
   * When the server certificate EM presented (the leaf of the TLS handshake) stops being valid;
   * empty when no certificate was seen: plain HTTP, or nothing read yet.
   */
  default Optional<Instant> certificateExpiry() {
    return Optional.empty();
  }

  /**
   * How far EM's clock is ahead of this host's (negative: behind), from the {@code Date} of its
   * answers; empty when none had one, or nothing was read yet.
   */
  default Optional<Duration> clockOffset() {
    return Optional.empty();
  }
}
