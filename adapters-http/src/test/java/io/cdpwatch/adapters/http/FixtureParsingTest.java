package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.EntityRef;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.TaskState;
import io.cdpwatch.core.testing.FixtureXml;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The fixtures from core's test-jar, read through this adapter's streaming parser and mapper, give
 * the same domain values as core's independent DOM reader, and the documented values.
 */
class FixtureParsingTest {

  private static InputStream fixture(String name) {
    InputStream in = FixtureParsingTest.class.getResourceAsStream("/fixtures/" + name);
    if (in == null) {
      throw new IllegalStateException("no fixture " + name + " on the test class path");
    }
    return in;
  }

  private static Resource entity(String name) throws Exception {
    try (InputStream in = fixture(name)) {
      return EmMapper.resource(EmXml.readEntity(in), "");
    }
  }

  @Test
  void theTaskSessionEntity() throws Exception {
    CdpTaskSession read =
        assertInstanceOf(CdpTaskSession.class, entity("cdp-replica-task-session.entity.xml"));

    assertEquals(FixtureXml.one("cdp-replica-task-session.entity.xml"), read);
    assertEquals("virt03-ubuntu01", read.vmDisplayName());
    assertEquals(Instant.parse("2021-02-12T00:00:10.457Z"), read.creationTime());
    assertEquals(TaskState.IN_PROGRESS, read.state().known().orElseThrow());
    assertEquals(Optional.empty(), read.endTime());
    assertEquals(17_179_869_184L, read.totalSize().orElseThrow());
    assertEquals(Optional.of("enterprise03.tech.local"), read.backupServerLink().get().name());
  }

  @Test
  void thePolicySessionEntity() throws Exception {
    CdpPolicySession read =
        assertInstanceOf(CdpPolicySession.class, entity("cdp-replica-session.entity.xml"));

    assertEquals(FixtureXml.one("cdp-replica-session.entity.xml"), read);
    assertEquals("CDP Policy 1", read.policyName());
    assertEquals("None", read.result().raw());
    assertEquals(OptionalInt.of(0), read.progress());
    assertEquals(Optional.empty(), read.failureMessage(), "<FailureMessage /> is absent");
  }

  @Test
  void theTaskSessionReference() throws Exception {
    EntityRef read = assertInstanceOf(EntityRef.class, entity("cdp-replica-task-session.ref.xml"));

    assertEquals(FixtureXml.one("cdp-replica-task-session.ref.xml"), read);
    assertEquals("CdpReplicaTaskSession", read.type());
  }

  @Test
  void theQueryResultStreamsItsItems() throws Exception {
    List<CdpTaskSession> items = new ArrayList<>();
    EmXml.Page page;
    try (InputStream in = fixture("query-cdp-replica-task-session.entities.xml")) {
      page =
          EmXml.readQueryPage(
              in, EmXml.TASK_SESSION, x -> items.add(EmMapper.taskSession((XTaskSession) x)));
    }

    assertEquals(FixtureXml.read("query-cdp-replica-task-session.entities.xml"), items);
    assertEquals(OptionalInt.of(1), page.pagesCount());
    assertEquals(Optional.empty(), page.next());
  }

  @Test
  void theLogonSessionAndTheError() throws Exception {
    try (InputStream in = fixture("logon-session.xml")) {
      assertEquals(
          Optional.of("15a3fc97-0325-4119-b789-5c0367c6c565"), EmXml.readLogonSessionId(in));
    }
    try (InputStream in = fixture("error-401.xml")) {
      assertEquals(
          Optional.of(
              "Authentication failed: the logon session has expired or the header is missing."),
          EmXml.readErrorMessage(in));
    }
  }

  @Test
  void policySessionsInQueriesAreFoundByTypeNotElementNameAndUnknownsAreIgnored() throws Exception {
    String xml =
        """
        <?xml version="1.0" encoding="utf-8"?>
        <QueryResult xmlns="http://www.veeam.com/ent/v1.0" Extra="x">
          <Entities><CdpReplicaSessions>
            <SomethingNew Type="CdpReplicaSession" UID="urn:veeam:CdpReplicaSession:0a" Name="p@x">
              <Unknown><Deep>1</Deep></Unknown>
              <PolicyUid>urn:veeam:CdpPolicy:0b</PolicyUid><PolicyName>P</PolicyName>
              <CreationTimeUTC>2025-08-14T12:31:30.3899541Z</CreationTimeUTC>
              <State>Working</State><Result>None</Result>
            </SomethingNew>
            <CdpPolicySession Type="Other" UID="urn:veeam:Other:0c"/>
          </CdpReplicaSessions></Entities>
          <PagingInfo PageNum="1" PageSize="1" PagesCount="2"><Links>
            <Link Rel="Next" Href="https://em/api/query?page=2"/></Links></PagingInfo>
        </QueryResult>
        """;
    List<CdpPolicySession> items = new ArrayList<>();
    EmXml.Page page =
        EmXml.readQueryPage(
            new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
            EmXml.POLICY_SESSION,
            x -> items.add(EmMapper.policySession((XmlTypes.XPolicySession) x)));

    assertEquals(1, items.size());
    assertEquals(Instant.parse("2025-08-14T12:31:30.3899541Z"), items.get(0).creationTime());
    assertEquals(Optional.empty(), items.get(0).endTime());
    assertEquals(Optional.of("https://em/api/query?page=2"), page.next());
  }

  @Test
  void filtersQuoteAndDoubleEmbeddedQuotes() {
    assertEquals("\"CDP \"\"Silver\"\" Paris\"", QuerySpec.quote("CDP \"Silver\" Paris"));
    assertEquals(
        "CreationTimeUTC>=\"2026-11-29T07:00:00Z\";(VmDisplayName==\"a b\",VmDisplayName==\"c\"\"\");"
            + "BackupServerName==\"x\"",
        QuerySpec.of(
                new io.cdpwatch.core.port.out.TaskSessionQuery(
                    Instant.parse("2026-11-29T07:00:00.250Z"),
                    java.util.Set.of("c\"", "a b"),
                    Optional.of("x")))
            .filter(QueryForm.narrowest(), true)
            .orElseThrow());
  }
}
