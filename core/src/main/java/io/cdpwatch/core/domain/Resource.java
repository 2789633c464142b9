package io.cdpwatch.core.domain;

import java.util.List;
import java.util.Optional;

/**
 * Anything EM represents with {@code Type}, {@code Href}, {@code Name}, {@code UID} and links: an
 * entity of a known kind, or a bare reference.
 */
public sealed interface Resource
    permits EntityRef, CdpTaskSession, CdpPolicySession, CdpPolicy, BackupServer {

  /** The resource's kind without any {@code Reference} suffix, e.g. {@code CdpReplicaSession}. */
  String type();

  String href();

  String name();

  /** The UID; a reference or entity may lack it in a malformed answer. */
  Optional<Uid> uid();

  List<Link> links();

  /** The first link of {@code rel} that points to {@code type}. */
  default Optional<Link> link(Link.Rel rel, String type) {
    // A loop, not a stream: called for every session of estates of 100,000.
    for (Link link : links()) {
      if (link.rel() == rel && link.pointsTo(type)) {
        return Optional.of(link);
      }
    }
    return Optional.empty();
  }
}
