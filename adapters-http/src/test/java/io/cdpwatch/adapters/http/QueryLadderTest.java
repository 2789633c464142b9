package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.CdpPolicy;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Fault;
import io.cdpwatch.emsim.RequestRecord;
import io.cdpwatch.emsim.Scenario;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query ladder against EMs that speak other dialects: each gives the same sessions as a normal
 * EM, in the narrowest form it takes, remembered beside the session cache for the next run.
 */
class QueryLadderTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  // The VMs rotate every 8 h for 3 days: a day's window excludes most of their sessions.
  private static final TaskSessionQuery LAST_DAY =
      TaskSessionQuery.since(NOW.minus(Duration.ofDays(1)));
  private static final List<String> VMS = List.of("erp 01", "web \"02\"", "mail, gw");

  private static EmSimulator em;
  private static Set<String> normalTasks;
  private static Set<String> normalPolicySessions;

  @TempDir Path cache;

  @BeforeAll
  static void start() {
    Scenario.Builder b = Scenario.builder().now(NOW);
    CdpPolicy policy = b.policy(b.backupServer("vbr01"), "CDP Tier-1");
    b.dailyPolicySessions(policy, 4, b.ago(Duration.ofHours(10)));
    for (String vm : VMS) {
      b.vm(policy, vm, 9, Duration.ofHours(8), b.ago(Duration.ofHours(1)), "", "Success");
    }
    em = Estates.start(b.build(), false);
    normalTasks = tasks(Estates.config(em).build(), LAST_DAY);
    normalPolicySessions = policySessions(Estates.config(em).build());
  }

  @AfterAll
  static void stop() {
    em.close();
  }

  @AfterEach
  void clear() {
    em.clearFaults();
    em.clearRequestLog();
  }

  @Test
  void aNormalEmTakesTheNarrowestFormAndNothingIsWritten() throws IOException {
    em.clearRequestLog();
    assertEquals(normalTasks, tasks(Estates.config(em, cache).build(), LAST_DAY));

    List<String> queries = queries();
    assertEquals(1, queries.size(), queries.toString());
    assertTrue(queries.get(0).contains("filter=CreationTimeUTC>="), queries.get(0));
    assertTrue(queries.get(0).contains("sortDesc=CreationTimeUTC"), queries.get(0));
    assertTrue(memoryFiles().isEmpty());
    assertTrue(normalTasks.size() >= VMS.size() * 3, normalTasks.toString());
  }

  @Test
  void anEmRefusingCreationTimeUtcIsReadOnCreationTimeAndRemembered() throws IOException {
    em.addFault("/api/query", Fault.refuseFilterField("CreationTimeUTC"));

    assertEquals(normalTasks, tasks(Estates.config(em, cache).build(), LAST_DAY));
    List<String> queries = queries();
    assertEquals(3, queries.size(), queries.toString());
    assertTrue(queries.get(2).contains("filter=CreationTime>="), queries.get(2));
    assertTrue(queries.get(2).endsWith("sortDesc=CreationTime"), queries.get(2));
    assertEquals(List.of(400, 400, 200), statuses());

    Path file = memoryFiles().get(0);
    String text = Files.readString(file);
    assertTrue(text.contains("CdpReplicaTaskSession=filter-sorted "), text);
    assertTrue(text.contains("base=" + em.baseUrl()), text);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Set<String> secrets = Set.of(em.password());
    secrets.forEach(secret -> assertFalse(text.contains(secret)));

    // The next run starts with the form that worked: one request per page.
    em.clearRequestLog();
    long before = em.counters().requests("/api/query");
    assertEquals(normalTasks, tasks(Estates.config(em, cache).build(), LAST_DAY));
    assertEquals(1, em.counters().requests("/api/query") - before);
    assertTrue(queries().get(0).contains("filter=CreationTime>="), queries().toString());
  }

  @Test
  void policySessionsHaveTheirOwnLadder() throws IOException {
    em.addFault("/api/query", Fault.refuseFilterField("CreationTimeUTC"));

    assertEquals(normalPolicySessions, policySessions(Estates.config(em, cache).build()));
    String text = Files.readString(memoryFiles().get(0));
    assertTrue(text.contains("CdpReplicaSession=filter-sorted "), text);
    assertFalse(text.contains("CdpReplicaTaskSession="), text);
  }

  @Test
  void anEmRefusingAllFiltersAndSortsIsReadWithPagingOnly() {
    em.addFault("/api/query", Fault.refuseFilters());

    assertEquals(normalTasks, tasks(Estates.config(em, cache).pageSize(5).build(), LAST_DAY));
    List<String> queries = queries();
    String last = queries.get(queries.size() - 1);
    assertFalse(last.contains("filter=") || last.contains("sort"), last);
    assertEquals(5, statuses().stream().filter(s -> s == 400).count(), queries.toString());
  }

  @Test
  void anEmIgnoringFiltersStillGivesTheSelectedSessionsOnly() {
    em.addFault("/api/query", Fault.ignoreFilters());

    assertEquals(normalTasks, tasks(Estates.config(em, cache).build(), LAST_DAY));
    TaskSessionQuery oneVm =
        new TaskSessionQuery(LAST_DAY.createdSince(), Set.of("erp 01"), java.util.Optional.empty());
    Set<String> erp = tasks(Estates.config(em).build(), oneVm);
    assertEquals(3, erp.size(), erp.toString());
    assertEquals(1, queries().stream().filter(q -> q.contains("VmDisplayName")).count());
  }

  @Test
  void theNarrowestFormIsTriedAgainAfterADay() throws IOException {
    MutableClock clock = new MutableClock(NOW);
    em.addFault("/api/query", Fault.refuseFilterField("CreationTimeUTC"));
    tasks(Estates.config(em, cache).clock(clock).build(), LAST_DAY);
    em.clearFaults();

    clock.now = NOW.plus(Duration.ofHours(23));
    em.clearRequestLog();
    tasks(Estates.config(em, cache).clock(clock).build(), LAST_DAY);
    assertTrue(queries().get(0).contains("filter=CreationTime>="), queries().toString());

    clock.now = NOW.plus(Duration.ofHours(25));
    em.clearRequestLog();
    assertEquals(normalTasks, tasks(Estates.config(em, cache).clock(clock).build(), LAST_DAY));
    assertTrue(queries().get(0).contains("filter=CreationTimeUTC>="), queries().toString());
    assertFalse(Files.readString(memoryFiles().get(0)).contains("CdpReplicaTaskSession="));
  }

  @Test
  void withoutASessionCacheNothingIsRemembered() {
    em.addFault("/api/query", Fault.refuseFilterField("CreationTimeUTC"));
    tasks(Estates.config(em).build(), LAST_DAY);
    em.clearRequestLog();

    tasks(Estates.config(em).build(), LAST_DAY);
    assertEquals(List.of(400, 400, 200), statuses());
  }

  @Test
  void aDamagedMemoryFileIsIgnored() throws IOException {
    em.addFault("/api/query", Fault.refuseFilterField("CreationTimeUTC"));
    tasks(Estates.config(em, cache).build(), LAST_DAY);
    Files.writeString(memoryFiles().get(0), "cdpwatch-em-query-forms 1\nbase=x\n\u0000garbage");
    em.clearRequestLog();

    assertEquals(normalTasks, tasks(Estates.config(em, cache).build(), LAST_DAY));
    assertEquals(List.of(400, 400, 200), statuses());
  }

  @Test
  void otherFailuresNeverStepDown() {
    em.addFault("/api/query", Fault.status(403));
    CdpSourceException failure =
        assertThrows(
            CdpSourceException.class, () -> tasks(Estates.config(em, cache).build(), LAST_DAY));
    assertEquals(Kind.FORBIDDEN, failure.kind());
    assertEquals(1, queries().size());
    assertTrue(memoryFiles().isEmpty());
  }

  @Test
  void manyNamesAreFilteredOnOurSideToKeepTheRequestLineUnder6Kb() {
    Set<String> selection = new TreeSet<>(VMS);
    for (int i = 0; i < 47; i++) {
      selection.add(
          "a VM whose name is long enough to fill the request line of a query, number " + i);
    }
    em.addFault("/api/query", Fault.requestLineLimit(QueryPages.MAX_REQUEST_LINE));
    TaskSessionQuery query =
        new TaskSessionQuery(LAST_DAY.createdSince(), selection, java.util.Optional.empty());

    assertEquals(normalTasks, tasks(Estates.config(em).build(), query));
    List<String> queries = queries();
    assertEquals(List.of(200), statuses(), queries.toString());
    assertFalse(queries.get(0).contains("VmDisplayName"), queries.get(0));
    assertTrue(queries.get(0).contains("filter=CreationTimeUTC>="), queries.get(0));
  }

  @Test
  void aProxysHtml414StepsDownToAFormWithoutFilter() {
    Set<String> selection = new TreeSet<>(VMS);
    for (int i = 0; i < 20; i++) {
      selection.add("another VM with a long name, number " + i);
    }
    em.addFault("/api/query", Fault.requestLineLimit(1500));
    TaskSessionQuery query =
        new TaskSessionQuery(LAST_DAY.createdSince(), selection, java.util.Optional.empty());

    assertEquals(normalTasks, tasks(Estates.config(em).build(), query));
    assertEquals(List.of(414, 414, 414, 414, 200), statuses(), queries().toString());
    assertFalse(queries().get(4).contains("filter="), queries().get(4));
  }

  // ------------------------------------------------------------------ helpers

  private static Set<String> tasks(EmClientConfig config, TaskSessionQuery query) {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(config)) {
      Set<String> ids = new TreeSet<>();
      source.taskSessions(
          query,
          (CdpTaskSession s) -> {
            assertTrue(!s.creationTime().isBefore(query.createdSince()));
            assertTrue(ids.add(s.id().id()), "read twice: " + s.id());
          });
      return ids;
    }
  }

  private static Set<String> policySessions(EmClientConfig config) {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(config)) {
      Set<String> ids = new TreeSet<>();
      source.policySessions(
          PolicySessionQuery.since(NOW.minus(Duration.ofDays(2))),
          (CdpPolicySession s) -> ids.add(s.id().id()));
      return ids;
    }
  }

  private static List<RequestRecord> queryRecords() {
    return em.requestLog().stream().filter(r -> r.target().startsWith("/api/query")).toList();
  }

  private static List<String> queries() {
    return queryRecords().stream()
        .map(r -> URLDecoder.decode(r.target(), StandardCharsets.UTF_8))
        .toList();
  }

  private static List<Integer> statuses() {
    return queryRecords().stream().map(RequestRecord::status).toList();
  }

  private List<Path> memoryFiles() {
    try (Stream<Path> files = Files.list(cache)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("query-forms-"))
          .filter(f -> !f.toString().endsWith(".tmp"))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
