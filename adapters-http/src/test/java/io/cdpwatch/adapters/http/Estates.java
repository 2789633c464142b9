package io.cdpwatch.adapters.http;

import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpReplicaSettings;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.IncludedObject;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.testing.TestEstate;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Include;
import io.cdpwatch.emsim.PolicySession;
import io.cdpwatch.emsim.PolicySettings;
import io.cdpwatch.emsim.Scenario;
import io.cdpwatch.emsim.TaskSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Test helpers: a simulator scenario that mirrors a {@link TestEstate} exactly (same UIDs, names
 * and times, which the simulator's builder shortcuts would randomise), and client configs for a
 * running simulator.
 */
final class Estates {

  private Estates() {}

  /** A scenario with exactly the estate's servers, policies and sessions, "now" fixed. */
  static Scenario.Builder mirror(TestEstate estate) {
    Scenario.Builder b = Scenario.builder().now(estate.now());
    for (BackupServer s : estate.servers()) {
      b.add(
          new io.cdpwatch.emsim.BackupServer(
              s.id().id(),
              s.name(),
              s.description().orElse(""),
              s.port().orElse(9392),
              s.version().orElse("13.0.1.1071"),
              s.wcfPort().orElse(9405),
              s.certificateThumbprint().orElse("")));
    }
    for (CdpPolicy p : estate.policies()) {
      String serverId = lastSegment(p.link(Link.Rel.UP, BackupServer.TYPE).orElseThrow().href());
      io.cdpwatch.emsim.CdpPolicy policy =
          new io.cdpwatch.emsim.CdpPolicy(
              p.id().id(),
              serverId,
              p.name(),
              p.description().orElse(""),
              p.platform().orElse("VMware"),
              p.scheduleConfigured().orElse(true),
              p.scheduleEnabled().orElse(true),
              p.nextRun().orElse(null),
              settings(p.settings()));
      b.add(policy);
      for (IncludedObject o : p.includes()) {
        b.include(
            policy, o.isVm() ? Include.vm(o.label()) : Include.container(o.kind(), o.label()));
      }
    }
    for (CdpPolicySession s : estate.policySessions()) {
      b.add(
          new PolicySession(
              s.id().id(),
              s.policyUid().id(),
              s.creationTime(),
              s.endTime().orElse(null),
              s.state().raw(),
              s.result().raw(),
              s.progress().orElse(0),
              s.failureMessage().orElse(""),
              s.retry()));
    }
    for (CdpTaskSession t : estate.taskSessions()) {
      b.add(
          new TaskSession(
              t.id().id(),
              t.policySessionUid().id(),
              t.vmDisplayName(),
              t.creationTime(),
              t.endTime().orElse(null),
              t.state().raw(),
              t.result().raw(),
              t.reason().orElse(null),
              t.totalSize().orElse(0)));
    }
    return b;
  }

  /** The simulator's settings for what a policy promises; null when it says nothing. */
  private static PolicySettings settings(CdpReplicaSettings s) {
    if (s.equals(CdpReplicaSettings.NONE)) {
      return null;
    }
    return new PolicySettings(
        s.rpo().orElse(PolicySettings.DEFAULT.rpo()),
        s.rpoWarning().orElse(null),
        s.rpoFailed().orElse(null),
        s.shortTermRetention().orElse(PolicySettings.DEFAULT.shortTerm()),
        (int) s.longTermInterval().map(Duration::toHours).orElse(0L).longValue(),
        s.longTermKeepDays().orElse(0));
  }

  static EmSimulator start(Scenario scenario, boolean tls) {
    try {
      return EmSimulator.builder(scenario).tls(tls).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A config for {@code em}: its credentials, pinned when it speaks TLS, no cache. */
  static EmClientConfig.Builder config(EmSimulator em) {
    EmClientConfig.Builder b = unpinned(em);
    if (em.tls()) {
      b.pinFingerprint(em.certificateSha256());
    }
    return b;
  }

  /** As {@link #config(EmSimulator)}, but trusting EM's certificate by nothing yet. */
  static EmClientConfig.Builder unpinned(EmSimulator em) {
    return EmClientConfig.builder()
        .baseUrl(em.baseUrl())
        .username(em.user())
        .password(em.password().toCharArray())
        .deadline(Duration.ofSeconds(20));
  }

  static EmClientConfig.Builder config(EmSimulator em, Path cache) {
    return config(em).sessionCache(cache);
  }

  private static String lastSegment(String href) {
    String path = href.replaceAll("[?#].*", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
