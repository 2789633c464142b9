package io.cdpwatch.core.testing;

import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.LinkGraph;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.PolicyQuery;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A fake of the outbound port that answers from resources held in memory. */
public final class InMemoryCdpSessionSource implements CdpSessionSource {

  private final List<Resource> resources;
  private final LinkGraph graph;
  private final AtomicInteger follows = new AtomicInteger();

  public InMemoryCdpSessionSource(Collection<? extends Resource> resources) {
    this.resources = List.copyOf(resources);
    this.graph = LinkGraph.of(resources);
  }

  public static InMemoryCdpSessionSource of(TestEstate estate) {
    return new InMemoryCdpSessionSource(estate.resources());
  }

  @Override
  public void taskSessions(TaskSessionQuery query, Consumer<? super CdpTaskSession> sink) {
    resources.stream()
        .filter(CdpTaskSession.class::isInstance)
        .map(CdpTaskSession.class::cast)
        .filter(s -> !s.creationTime().isBefore(query.createdSince()))
        .filter(s -> query.vmNames().isEmpty() || query.vmNames().contains(s.vmDisplayName()))
        .filter(s -> query.backupServer().map(b -> serverIs(s.backupServerLink(), b)).orElse(true))
        .forEach(sink);
  }

  @Override
  public void policySessions(PolicySessionQuery query, Consumer<? super CdpPolicySession> sink) {
    resources.stream()
        .filter(CdpPolicySession.class::isInstance)
        .map(CdpPolicySession.class::cast)
        .filter(s -> !s.creationTime().isBefore(query.createdSince()))
        .filter(s -> query.policyNames().isEmpty() || query.policyNames().contains(s.policyName()))
        .filter(s -> query.backupServer().map(b -> serverIs(s.backupServerLink(), b)).orElse(true))
        .forEach(sink);
  }

  @Override
  public void policies(PolicyQuery query, Consumer<? super CdpPolicy> sink) {
    resources.stream()
        .filter(CdpPolicy.class::isInstance)
        .map(CdpPolicy.class::cast)
        .filter(p -> query.policyNames().isEmpty() || query.policyNames().contains(p.name()))
        .filter(
            p ->
                query
                    .backupServer()
                    .map(b -> p.backupServerName().filter(b::equals).isPresent())
                    .orElse(true))
        .forEach(sink);
  }

  @Override
  public Optional<CdpTaskSession> taskSession(Uid id) {
    return graph.find(id).filter(CdpTaskSession.class::isInstance).map(CdpTaskSession.class::cast);
  }

  @Override
  public Optional<Resource> follow(Link link) {
    follows.incrementAndGet();
    return graph.target(link);
  }

  /** How often {@link #follow} was called. */
  public int follows() {
    return follows.get();
  }

  private static boolean serverIs(Optional<Link> link, String name) {
    return link.flatMap(Link::name).filter(name::equals).isPresent();
  }
}
