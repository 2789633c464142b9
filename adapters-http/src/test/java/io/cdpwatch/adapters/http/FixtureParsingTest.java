package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpReplicaSettings;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.EntityRef;
import io.cdpwatch.core.domain.IncludedObject;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.TaskState;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.testing.FixtureXml;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

  private static Resource parse(String xml) throws Exception {
    return EmMapper.resource(
        EmXml.readEntity(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))), "");
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
  void thePolicyEntityWithItsPromisesAndIncludes() throws Exception {
    CdpPolicy read = assertInstanceOf(CdpPolicy.class, entity("cdp-policy.entity.xml"));

    assertEquals("CDP Policy 1", read.name());
    assertEquals(Optional.of("enterprise03.tech.local"), read.backupServerName());
    CdpReplicaSettings settings = read.settings();
    assertEquals(Optional.of(Duration.ofSeconds(15)), settings.rpo());
    assertEquals(Optional.of(Duration.ofSeconds(2)), settings.rpoWarning());
    assertEquals(Optional.of(Duration.ofSeconds(3)), settings.rpoFailed());
    assertEquals(Optional.of(true), settings.rpoScheduleEnabled());
    assertEquals(Optional.of(Duration.ofHours(4)), settings.shortTermRetention());
    assertEquals(Optional.of(Duration.ofHours(8)), settings.longTermInterval());
    assertEquals(Optional.of(7), settings.longTermKeepDays());
    assertEquals(Optional.of(true), settings.longTermScheduleEnabled());
    assertEquals(1, read.includes().size());
    IncludedObject vm = read.includes().get(0);
    assertEquals("urn:VMware:Vm:45237d2c-c163-4cb1-9f6e-c9913cdea868.vm-19", vm.hierarchyRef());
    assertTrue(vm.isVm());
    assertEquals("virt03-vm01", vm.label());
  }

  @Test
  void policySettingsAreBoundLeniently() throws Exception {
    String xml =
        """
        <CdpPolicy xmlns="http://www.veeam.com/ent/v1.0" Type="CdpPolicy" Name="P"
            UID="urn:veeam:CdpPolicy:bc933bb6-0cc5-47b6-a1ec-e062b9e29877" Href="h">
          <PolicyScheduleOptions><CdpReplica>
            <RecoveryPointObjectiveSeconds>soon</RecoveryPointObjectiveSeconds>
            <RPOReporting>
              <MarkAsWarning><Enabled>false</Enabled><RPOThresholdSeconds>2</RPOThresholdSeconds></MarkAsWarning>
              <MarkAsFailed><Enabled>true</Enabled><RPOThresholdMinutes>2</RPOThresholdMinutes></MarkAsFailed>
            </RPOReporting>
            <LongTermRetentionHours>0</LongTermRetentionHours>
            <LongTermRetentionKeepDays>-4</LongTermRetentionKeepDays>
            <FutureSetting>on</FutureSetting>
          </CdpReplica></PolicyScheduleOptions>
          <CdpPolicyInfo><CdpReplicaPolicyInfo><Includes>
            <ObjectInJob><HierarchyObjRef>urn:VMware:Folder:x.group-v3</HierarchyObjRef><Name>Prod</Name></ObjectInJob>
          </Includes></CdpReplicaPolicyInfo></CdpPolicyInfo>
        </CdpPolicy>
        """;
    CdpPolicy read = assertInstanceOf(CdpPolicy.class, parse(xml));

    CdpReplicaSettings settings = read.settings();
    assertEquals(Optional.empty(), settings.rpo(), "not a number: not known");
    assertEquals(Optional.empty(), settings.rpoWarning(), "not enabled");
    assertEquals(Optional.of(Duration.ofMinutes(2)), settings.rpoFailed());
    assertEquals(Optional.empty(), settings.longTermInterval(), "0 h names no interval");
    assertEquals(Optional.empty(), settings.longTermKeepDays(), "negative: not a value");
    assertEquals(Optional.empty(), settings.rpoScheduleEnabled());
    IncludedObject folder = read.includes().get(0);
    assertFalse(folder.isVm());
    assertEquals("Folder", folder.kind());
    assertEquals("Prod", folder.label());
  }

  @Test
  void aPolicyWithoutSettingsSaysNothingAndAnIncludeWithoutAReferenceIsAnError() throws Exception {
    String bare =
        """
        <CdpPolicy xmlns="http://www.veeam.com/ent/v1.0" Type="CdpPolicy" Name="P"
            UID="urn:veeam:CdpPolicy:bc933bb6-0cc5-47b6-a1ec-e062b9e29877" Href="h"/>
        """;
    CdpPolicy read = assertInstanceOf(CdpPolicy.class, parse(bare));
    assertEquals(CdpReplicaSettings.NONE, read.settings());
    assertEquals(List.of(), read.includes());

    String broken =
        bare.replace(
            "Href=\"h\"/>",
            "Href=\"h\"><CdpPolicyInfo><CdpReplicaPolicyInfo><Includes><ObjectInJob><Name>x</Name>"
                + "</ObjectInJob></Includes></CdpReplicaPolicyInfo></CdpPolicyInfo></CdpPolicy>");
    CdpSourceException e = assertThrows(CdpSourceException.class, () -> parse(broken));
    assertTrue(e.getMessage().contains("HierarchyObjRef"), e.getMessage());
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
          QueryPageReader.read(
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
        QueryPageReader.read(
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
