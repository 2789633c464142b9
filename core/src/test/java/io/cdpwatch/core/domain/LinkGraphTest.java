package io.cdpwatch.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.testing.FixtureXml;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The link graph, walked over the documented fixtures and over awkward hand-made shapes. */
class LinkGraphTest {

  private static final String TASK = "cdp-replica-task-session.entity.xml";
  private static final String TASK_REF = "cdp-replica-task-session.ref.xml";
  private static final String POLICY_SESSION = "cdp-replica-session.entity.xml";
  private static final String QUERY = "query-cdp-replica-task-session.entities.xml";

  @Test
  void walksUpFromTaskSessionToPolicySessionPolicyAndBackupServer() {
    CdpTaskSession task = (CdpTaskSession) FixtureXml.one(TASK);
    CdpPolicySession policySession = (CdpPolicySession) FixtureXml.one(POLICY_SESSION);
    LinkGraph graph = LinkGraph.of(List.of(task, policySession));

    LinkGraph.Hop toSession = graph.above(task, CdpPolicySession.TYPE).orElseThrow();
    LinkGraph.Hop toPolicy = graph.above(task, CdpPolicy.TYPE).orElseThrow();
    LinkGraph.Hop toServer = graph.above(task, BackupServer.TYPE).orElseThrow();

    assertEquals(Optional.of(policySession), toSession.target());
    assertEquals(Optional.of("CDP Policy 1"), toPolicy.name());
    assertEquals(Optional.empty(), toPolicy.target(), "the policy itself is not in the graph");
    assertEquals(
        "https://localhost:9398/api/cdpPolicies/145f3365-6ec0-44e9-9538-8c8c34ebdcce",
        toPolicy.link().href());
    assertEquals(Optional.of("enterprise03.tech.local"), toServer.name());
    assertEquals(policySession.policyUid().id(), "145f3365-6ec0-44e9-9538-8c8c34ebdcce");
  }

  @Test
  void theTaskSessionsParentUidMatchesTheNodeItsUpLinkReaches() {
    CdpTaskSession task = (CdpTaskSession) FixtureXml.one(TASK);
    CdpPolicySession policySession = (CdpPolicySession) FixtureXml.one(POLICY_SESSION);
    LinkGraph graph = LinkGraph.of(List.of(policySession, task));

    Resource parent = graph.target(task.policySessionLink().orElseThrow()).orElseThrow();

    assertEquals(Optional.of(task.policySessionUid()), parent.uid());
  }

  @Test
  void entityAndReferenceOfOneSessionAreOneNodeEvenThoughTheEntityHrefSaysReplicaTaskSessions() {
    Resource entity = FixtureXml.one(TASK);
    Resource reference = FixtureXml.one(TASK_REF);
    LinkGraph graph = LinkGraph.of(List.of(reference, entity));

    assertEquals(1, graph.resources().size());
    Resource node = graph.resources().iterator().next();
    assertInstanceOf(CdpTaskSession.class, node, "the entity wins over the reference");
    assertEquals(
        Optional.of(node),
        graph.findByHref(
            "https://localhost:9398/api/cdpReplicaTaskSessions/2ec4d35f-b5d8-4cb3-9d11-12e1d5792625"));
    assertEquals(
        Optional.of(node),
        graph.findByHref(
            "https://localhost:9398/api/replicaTaskSessions/2ec4d35f-b5d8-4cb3-9d11-12e1d5792625?format=Entity"));
    assertEquals("CdpReplicaTaskSession", node.type());
  }

  @Test
  void alternateGivesTheOtherRepresentation() {
    Resource entity = FixtureXml.one(TASK);
    Resource reference = FixtureXml.one(TASK_REF);

    Link fromEntity = LinkGraph.of(List.of(entity)).alternate(entity).orElseThrow();
    Link fromReference = LinkGraph.of(List.of(reference)).alternate(reference).orElseThrow();

    assertEquals(Optional.of("CdpReplicaTaskSessionReference"), fromEntity.type());
    assertEquals(Optional.of("CdpReplicaTaskSession"), fromReference.type());
    assertTrue(fromReference.href().endsWith("?format=Entity"));
  }

  @Test
  void referenceTypeIsTheResourceKindWithoutTheReferenceSuffix() {
    EntityRef reference = (EntityRef) FixtureXml.one(TASK_REF);

    assertEquals("CdpReplicaTaskSession", reference.type());
    assertEquals(
        Optional.of(
            Uid.parse("urn:veeam:CdpReplicaTaskSession:2ec4d35f-b5d8-4cb3-9d11-12e1d5792625")),
        reference.uid());
  }

  @Test
  void downLinksListTheChildCollection() {
    CdpPolicySession policySession = (CdpPolicySession) FixtureXml.one(POLICY_SESSION);
    LinkGraph graph = LinkGraph.of(List.of(policySession));

    List<LinkGraph.Hop> down = graph.down(policySession);

    assertEquals(1, down.size());
    assertEquals(Optional.of("CdpReplicaTaskSessionReferenceList"), down.get(0).link().type());
    assertTrue(down.get(0).link().href().endsWith("/cdpReplicaTaskSessions"));
  }

  @Test
  void danglingLinksNameWhatIsNotInTheGraph() {
    List<Resource> query = FixtureXml.read(QUERY);
    LinkGraph graph = LinkGraph.of(query);

    List<String> dangling =
        graph.dangling().stream().map(l -> l.type().orElse("")).sorted().toList();

    assertEquals(List.of("BackupServerReference", "CdpReplicaSessionReference"), dangling);
  }

  @Test
  void aQueryResultItemResolvesToItsParentWhenTheParentIsAdded() {
    CdpTaskSession item = (CdpTaskSession) FixtureXml.one(QUERY);
    EntityRef parent =
        new EntityRef(
            "CdpReplicaSessionReference",
            "https://localhost:9398/api/cdpReplicaSessions/042da2cf-86a9-4d09-9766-be90f3ccd506",
            "CDP Policy@2025-06-14 15:00:24",
            Optional.of(
                Uid.parse("urn:veeam:CdpReplicaSession:042da2cf-86a9-4d09-9766-be90f3ccd506")),
            List.of());
    LinkGraph graph = LinkGraph.of(List.of(item, parent));

    assertEquals(
        Optional.of(parent),
        graph.above(item, CdpPolicySession.TYPE).flatMap(LinkGraph.Hop::target));
    assertEquals(1, graph.dangling().size(), "only the backup server is left dangling");
  }

  @Test
  void linksResolveByUidWhenHostsDiffer() {
    CdpTaskSession task = (CdpTaskSession) FixtureXml.one(TASK);
    CdpPolicySession session = (CdpPolicySession) FixtureXml.one(POLICY_SESSION);
    CdpPolicySession elsewhere =
        new CdpPolicySession(
            session.id(),
            session.href().replace("localhost", "em.example.com"),
            session.name(),
            session.policyUid(),
            session.policyName(),
            session.policyType(),
            session.creationTime(),
            session.endTime(),
            session.state(),
            session.result(),
            session.progress(),
            session.failureMessage(),
            session.retry(),
            List.of());

    LinkGraph graph = LinkGraph.of(List.of(task, elsewhere));

    assertEquals(Optional.of(elsewhere), graph.target(task.policySessionLink().orElseThrow()));
  }

  @Test
  void cyclesAndDuplicateLinksDoNotBreakTheWalk() {
    EntityRef a =
        ref(
            "A",
            "https://em/api/things/a",
            up("https://em/api/things/b"),
            up("https://em/api/things/b"));
    EntityRef b = ref("B", "https://em/api/things/b", up("https://em/api/things/a"));

    LinkGraph graph = LinkGraph.of(List.of(a, b, a));

    assertEquals(2, graph.resources().size());
    assertEquals(1, graph.up(graph.findByHref("https://em/api/things/a").orElseThrow()).size());
    assertEquals(Optional.empty(), graph.above(a, "Missing"));
    assertEquals(List.of(), graph.dangling());
  }

  @Test
  void aWalkUpReachesThroughSeveralLevels() {
    EntityRef top = ref("Top", "https://em/api/top/1");
    EntityRef middle =
        ref("Middle", "https://em/api/middle/1", upTo("Top", "https://em/api/top/1"));
    EntityRef bottom =
        ref("Bottom", "https://em/api/bottom/1", upTo("Middle", "https://em/api/middle/1"));

    LinkGraph graph = LinkGraph.of(List.of(bottom, middle, top));

    assertEquals(Optional.of(top), graph.above(bottom, "Top").flatMap(LinkGraph.Hop::target));
  }

  private static EntityRef ref(String type, String href, Link... links) {
    return new EntityRef(type, href, type, Optional.empty(), new ArrayList<>(List.of(links)));
  }

  private static Link up(String href) {
    return Link.of(Link.Rel.UP, "ThingReference", href, null);
  }

  private static Link upTo(String type, String href) {
    return Link.of(Link.Rel.UP, type + "Reference", href, type);
  }
}
