package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.adapters.http.XmlTypes.XPolicy;
import io.cdpwatch.adapters.http.XmlTypes.XPolicySession;
import io.cdpwatch.adapters.http.XmlTypes.XResource;
import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.PolicyQuery;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Fault;
import io.cdpwatch.emsim.Scenario;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-mapped query-page reader gives the same domain values, the same paging and the same
 * failures as the JAXB binding it replaced ({@link JaxbQueryPages}), over every fixture, pages the
 * simulator serves in each of its scenarios and dialects, and documents written to trip a mapping.
 */
class QueryPageParityTest {

  private static final String NS = EmXml.NS;
  private static final List<String> TYPES =
      List.of(EmXml.TASK_SESSION, EmXml.POLICY_SESSION, EmXml.POLICY);

  /** What one reader made of a page: the mapped items and the paging, or the failure. */
  private record Outcome(List<Object> items, String page, String failure) {}

  private static Outcome read(boolean jaxb, byte[] xml, String type) {
    List<XResource> bound = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(xml)) {
      EmXml.Page page =
          jaxb
              ? JaxbQueryPages.read(in, type, bound::add)
              : QueryPageReader.read(in, type, bound::add);
      List<Object> items = new ArrayList<>();
      for (XResource x : bound) {
        items.add(map(type).apply(x));
      }
      return new Outcome(items, page.toString(), null);
    } catch (CdpSourceException e) {
      return new Outcome(List.of(), null, e.kind() + ": " + e.getMessage());
    } catch (Exception e) {
      // Not well-formed: both readers must refuse, whatever the parser's words.
      return new Outcome(List.of(), null, "not XML");
    }
  }

  private static Function<XResource, Object> map(String type) {
    return switch (type) {
      case EmXml.TASK_SESSION -> x -> mapped(() -> EmMapper.taskSession((XTaskSession) x));
      case EmXml.POLICY -> x -> mapped(() -> EmMapper.policy((XPolicy) x));
      default -> x -> mapped(() -> EmMapper.policySession((XPolicySession) x));
    };
  }

  /** A mapped value, or the mapper's failure as a value: both readers must give the same. */
  private static Object mapped(java.util.function.Supplier<Object> mapping) {
    try {
      return mapping.get();
    } catch (CdpSourceException e) {
      return e.kind() + ": " + e.getMessage();
    }
  }

  private static void assertSame(byte[] xml, String type, String what) {
    Outcome jaxb = read(true, xml, type);
    Outcome hand = read(false, xml, type);
    assertEquals(jaxb, hand, what + " read as " + type);
  }

  static Stream<String> fixtures() {
    return Stream.of(
        "/fixtures/query-cdp-replica-task-session.entities.xml",
        "/fixtures/cdp-replica-task-session.entity.xml",
        "/fixtures/cdp-replica-session.entity.xml",
        "/fixtures/cdp-policy.entity.xml",
        "/fixtures/cdp-replica-task-session.ref.xml",
        "/fixtures/error-401.xml",
        "/fixtures/logon-session.xml",
        "/real/query-9.5-job-refs.xml",
        "/real/error-500-no-status.xml");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyFixtureReadsTheSameAsAPageAndWrappedInOne(String fixture) throws IOException {
    byte[] xml;
    try (InputStream in = QueryPageParityTest.class.getResourceAsStream(fixture)) {
      xml = in.readAllBytes();
    }
    String text = new String(xml, StandardCharsets.UTF_8).replaceFirst("^<\\?xml[^>]*\\?>", "");
    byte[] wrapped = page(text, "<PagingInfo PageNum=\"1\" PageSize=\"1\" PagesCount=\"1\"/>");
    for (String type : TYPES) {
      assertSame(xml, type, fixture);
      assertSame(wrapped, type, fixture + " in a page");
    }
    if (fixture.contains(".entity.")) {
      int items = 0;
      for (String type : TYPES) {
        items += read(false, wrapped, type).items().size();
      }
      assertTrue(items > 0, "the fixture's entity is read as an item: " + fixture);
    }
  }

  static Stream<String> tricky() {
    String task =
        "<CdpReplicaTaskSession Type=\"CdpReplicaTaskSession\" Name=\"vm@t\" VmDisplayName=\" vm \""
            + " UID=\"urn:veeam:CdpReplicaTaskSession:0a\" Href=\"h\">%s</CdpReplicaTaskSession>";
    String policySession =
        "<CdpPolicySession Type=\"CdpReplicaSession\" UID=\"urn:veeam:CdpReplicaSession:0b\""
            + " Name=\"p@t\">%s</CdpPolicySession>";
    String body =
        "<PolicySessionUid>urn:veeam:CdpReplicaSession:0b</PolicySessionUid>"
            + "<CreationTimeUTC>2025-06-15T07:00:06.787Z</CreationTimeUTC>";
    return Stream.of(
        task.formatted(body + "<State>Completed</State><Result>Success</Result>"),
        task.formatted(body + "<EndTimeUTC xsi:nil=\"true\" xmlns:xsi=\"" + EmXml.XSI + "\"/>"),
        task.formatted(body + "<Reason>a <!-- note --> b <![CDATA[<c>]]> &amp; d</Reason>"),
        task.formatted(body + "<Reason>outer <b>inner</b> tail</Reason>"),
        task.formatted(body + "<Result>Failed</Result><Result>Warning</Result>"),
        task.formatted(body + "<x:State xmlns:x=\"urn:other\">Odd</x:State><State/>"),
        task.formatted(body + "<Reason>   </Reason><TotalSize> 12 </TotalSize>"),
        task.formatted(
            body
                + "<Links><Link Rel=\"Up\" Type=\"BackupServerReference\" Href=\"s\""
                + " Name=\"srv\" x:Name=\"no\" xmlns:x=\"urn:x\"/><Other/><Link Rel=\"Up\"/></Links>"),
        task.formatted(body + "<Links/><Links><Link Rel=\"Up\" Href=\"p\"/></Links>"),
        task.formatted(
            body
                + "<Links><Link Rel=\"Up\" Href=\"a\"/></Links><Reason>r</Reason>"
                + "<Links><Link Rel=\"Down\" Href=\"b\"/></Links>"),
        task.formatted(body + "<Reason>a<b/>b<c/></Reason><State>x<!--c-->y</State>"),
        task.formatted("<CreationTimeUTC>2025-06-15T07:00:06.787Z</CreationTimeUTC>"),
        task.formatted(body.replace("06.787Z", "06.787+02:00")),
        task.formatted(body.replace("06.787Z", "06")),
        task.formatted(body.replace("06.787Z", "06.1234567")),
        task.formatted(body.replace("06.787Z", "60Z")),
        task.formatted(body.replace("2025-06-15T07:00:06.787Z", "yesterday")),
        task.formatted(body.replace("urn:veeam:CdpReplicaSession:0b", "0b")),
        task.formatted(body).replace(" UID=\"urn:veeam:CdpReplicaTaskSession:0a\"", ""),
        task.formatted(body)
            .replace(" VmDisplayName=\" vm \"", " x:VmDisplayName=\"v\" xmlns:x=\"urn:x\""),
        policySession.formatted(
            "<PolicyUid>urn:veeam:CdpPolicy:0c</PolicyUid>"
                + "<PolicyName>P</PolicyName><CreationTimeUTC>2025-08-14T12:31:30Z</CreationTimeUTC>"
                + "<State>Working</State><Result>None</Result><Progress>7</Progress>"
                + "<IsRetry>TRUE</IsRetry><FailureMessage/>"),
        policySession.formatted("<PolicyName>P</PolicyName>"),
        "<CdpPolicy Type=\"CdpPolicy\" Name=\"P\" UID=\"urn:veeam:CdpPolicy:0c\">"
            + "<PolicyScheduleOptions><CdpReplica><RecoveryPointObjectiveMinutes>2"
            + "</RecoveryPointObjectiveMinutes><RPOSchedule Enabled=\"true\"><TimePeriods/>"
            + "</RPOSchedule><RPOReporting><MarkAsWarning><Enabled>true</Enabled>"
            + "<RPOThresholdMinutes>1</RPOThresholdMinutes></MarkAsWarning></RPOReporting>"
            + "<LongTermRetentionHours>8</LongTermRetentionHours><LongTermRetentionSchedule"
            + " Enabled=\"false\"/></CdpReplica></PolicyScheduleOptions><CdpPolicyInfo>"
            + "<CdpReplicaPolicyInfo><Includes><ObjectInJob><HierarchyObjRef>urn:VMware:Vm:x.vm-1"
            + "</HierarchyObjRef><Name>a</Name></ObjectInJob></Includes><Includes><ObjectInJob>"
            + "<HierarchyObjRef>urn:VMware:Vm:x.vm-2</HierarchyObjRef><DisplayName>b</DisplayName>"
            + "</ObjectInJob></Includes></CdpReplicaPolicyInfo></CdpPolicyInfo></CdpPolicy>",
        "<CdpPolicy Type=\"CdpPolicy\" Name=\"P\" UID=\"urn:veeam:CdpPolicy:0c\">"
            + "<CdpPolicyInfo><CdpReplicaPolicyInfo><Includes><ObjectInJob><Name>x</Name>"
            + "</ObjectInJob></Includes></CdpReplicaPolicyInfo></CdpPolicyInfo></CdpPolicy>",
        "<Unrelated Type=\"Other\"/><CdpReplicaTaskSession UID=\"urn:veeam:CdpReplicaTaskSession:0d\""
            + " VmDisplayName=\"v\">"
            + body
            + "</CdpReplicaTaskSession>");
  }

  @ParameterizedTest
  @MethodSource("tricky")
  void documentsWrittenToTripAMappingReadTheSame(String item) {
    byte[] xml =
        page(
            item,
            "<PagingInfo PageNum=\" 2 \" PageSize=\"1\" PagesCount=\"x\"><Links>"
                + "<Link Rel=\"next\" Href=\" https://em/api/query?page=3 \"/></Links></PagingInfo>");
    for (String type : TYPES) {
      assertSame(xml, type, item);
    }
  }

  @Test
  void brokenAndHostileDocumentsFailTheSame() {
    List<String> documents =
        List.of(
            "",
            "<QueryResult xmlns=\"" + NS + "\"><Entities><CdpReplicaTaskSessions>",
            "<EntityRef xmlns=\"" + NS + "\"/>",
            "<!DOCTYPE QueryResult [<!ENTITY a \"b\">]><QueryResult xmlns=\"" + NS + "\"/>",
            "<QueryResult xmlns=\""
                + NS
                + "\"><Entities><L><CdpReplicaTaskSession"
                + " VmDisplayName=\"&undefined;\"/></L></Entities></QueryResult>");
    for (String document : documents) {
      byte[] xml = document.getBytes(StandardCharsets.UTF_8);
      for (String type : TYPES) {
        Outcome hand = read(false, xml, type);
        Outcome jaxb = read(true, xml, type);
        if (document.isEmpty()) {
          // The JDK's parser fails on no input in its own words; the client names it.
          assertEquals("not XML", jaxb.failure());
          assertEquals("PROTOCOL: EM's answer holds no XML element (empty body)", hand.failure());
        } else {
          assertEquals(jaxb, hand, document);
        }
        assertFalse(hand.failure() == null, "refused: " + document);
      }
    }
  }

  static Stream<String> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../em-simulator/scenarios/test"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void everyPageTheSimulatorServesReadsTheSameInEachDialect(String scenario, @TempDir Path dir)
      throws IOException {
    Scenario loaded = Scenario.load(Path.of("../em-simulator/scenarios/test", scenario));
    int pages = 0;
    // Small pages, so that paging is read too; larger ones for a large scenario.
    int pageSize = loaded.taskSessions().size() > 200 ? 300 : 7;
    for (int dialect = 0; dialect < 3; dialect++) {
      Path dump = dir.resolve("dump" + dialect);
      try (EmSimulator em = Estates.start(loaded, false)) {
        if (dialect == 1) {
          em.addFault("/api/query", Fault.unknownElements());
        } else if (dialect == 2) {
          em.addFault("/api/query", Fault.unknownEnums());
        }
        try (EmCdpSessionSource source =
            EmCdpSessionSource.open(
                Estates.config(em).pageSize(pageSize).dump(dump, false).build())) {
          java.time.Instant since = loaded.now().minus(Duration.ofDays(30));
          ignoring(() -> source.policySessions(PolicySessionQuery.since(since), s -> {}));
          ignoring(() -> source.policies(PolicyQuery.all(), p -> {}));
          ignoring(() -> source.taskSessions(TaskSessionQuery.since(since), s -> {}));
        }
      }
      for (Path file : Capture.exchangeFiles(dump)) {
        Capture.Exchange exchange = Capture.parse(file);
        if (!exchange.target().contains("/query?") || exchange.body() == null) {
          continue;
        }
        String type = exchange.target().replaceAll(".*[?&]type=([A-Za-z]+).*", "$1");
        assertSame(exchange.body(), type, scenario + " " + exchange.target());
        pages++;
      }
    }
    assertTrue(pages >= 3, scenario + ": " + pages + " pages compared");
  }

  private static void ignoring(Runnable read) {
    try {
      read.run();
    } catch (CdpSourceException e) {
      // a scenario that refuses a query still left its answer in the capture
    }
  }

  private static byte[] page(String items, String paging) {
    return ("<QueryResult xmlns=\""
            + NS
            + "\"><Entities><List>"
            + items
            + "</List></Entities>"
            + paging
            + "</QueryResult>")
        .getBytes(StandardCharsets.UTF_8);
  }
}
