package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.Counters;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Fault;
import io.cdpwatch.emsim.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logon sessions: shared through the cache, renewed once on 401, logged off without a cache. */
class SessionLifecycleTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final TaskSessionQuery LAST_WEEK =
      TaskSessionQuery.since(NOW.minus(Duration.ofDays(7)));

  @TempDir Path temp;
  private EmSimulator em;
  private Path cache;
  private int sessionsInWeek;

  @BeforeEach
  void start() {
    Scenario.Builder b = Scenario.builder().now(NOW);
    b.generate(1, 10, 30);
    Scenario scenario = b.build();
    sessionsInWeek =
        (int)
            scenario.taskSessions().stream()
                .filter(t -> !t.created().isBefore(LAST_WEEK.createdSince()))
                .count();
    em = Estates.start(scenario, false);
    cache = temp.resolve("cache");
  }

  @AfterEach
  void stop() {
    em.close();
  }

  private int read(EmCdpSessionSource source) {
    AtomicInteger count = new AtomicInteger();
    source.taskSessions(LAST_WEEK, s -> count.incrementAndGet());
    return count.get();
  }

  @Test
  void aSessionTheCacheCannotStoreIsLoggedOffNotLeaked() throws Exception {
    try (EmCdpSessionSource first = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      read(first);
    }
    // Make the cache file unwritable even for root: a non-empty directory in its place.
    Path file;
    try (var files = Files.list(cache)) {
      file =
          files
              .filter(f -> !f.getFileName().toString().endsWith(".lock"))
              .findFirst()
              .orElseThrow();
    }
    Files.delete(file);
    Files.createDirectories(file.resolve("blocker"));
    Counters before = em.counters();

    try (EmCdpSessionSource second = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      assertEquals(sessionsInWeek, read(second));
    }

    Counters after = em.counters();
    assertEquals(before.logons() + 1, after.logons());
    assertEquals(before.logoffs() + 1, after.logoffs(), "the session it could not keep is closed");
  }

  @Test
  void twentyChecksStartedAtOnceAgainstAnEmptyCacheLogOnOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> runs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      runs.add(
          pool.submit(
              () -> {
                go.await();
                try (EmCdpSessionSource source =
                    EmCdpSessionSource.open(Estates.config(em, cache).build())) {
                  return read(source);
                }
              }));
    }
    go.countDown();
    for (Future<Integer> run : runs) {
      assertEquals(sessionsInWeek, run.get());
    }
    pool.shutdown();

    Counters counters = em.counters();
    assertEquals(1, counters.logons(), "one logon shared by twenty checks");
    assertEquals(0, counters.requests("/api/"), "EM takes our API version: no entry document read");
    assertEquals(0, counters.logoffs(), "a cached session is left for the next run");
  }

  @Test
  void anExpiredTokenCostsExactlyOneRelogon() {
    try (EmCdpSessionSource first = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      read(first);
    }
    em.expireAllTokens();

    try (EmCdpSessionSource second = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      assertEquals(sessionsInWeek, read(second));
      assertEquals(sessionsInWeek, read(second));
    }
    try (EmCdpSessionSource third = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      assertEquals(sessionsInWeek, read(third));
    }

    assertEquals(2, em.counters().logons(), "the first logon and one re-logon");
    assertEquals(0, em.counters().requests("/api/"), "EM takes our API version at every logon");
  }

  @Test
  void aTokenThatExpiresMidRunIsReplacedOnceAndTheRequestRetried() {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
      assertEquals(sessionsInWeek, read(source));
      em.addFault("/api/query", Fault.expireTokens().times(1));
      assertEquals(sessionsInWeek, read(source));
    }
    assertEquals(2, em.counters().logons());
  }

  @Test
  void withoutACacheEveryLogonIsLoggedOff() {
    for (int i = 0; i < 3; i++) {
      try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
        read(source);
        read(source);
      }
    }
    Counters counters = em.counters();
    assertEquals(3, counters.logons());
    assertEquals(counters.logons(), counters.logoffs());
    assertEquals(0, counters.liveSessions());
  }

  @Test
  void aSourceThatNeverReadNeverLogsOn() {
    EmCdpSessionSource.open(Estates.config(em).build()).close();
    assertEquals(0, em.counters().requests());
  }

  @Test
  void theCacheIsOwnerOnlyAndNeverHoldsThePassword() throws Exception {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      read(source);
    }
    List<Path> files;
    try (var list = Files.list(cache)) {
      files = list.toList();
    }
    Path session = files.stream().filter(f -> f.toString().endsWith(".session")).findFirst().get();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(session)));
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertFalse(
          text.contains(
              new String(
                  em.password().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)),
          f + " holds the password");
    }
  }

  @Test
  void aCorruptCacheFileIsDiscardedNotFatal() throws Exception {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      read(source);
    }
    Path session = sessionFile();
    Files.write(session, new byte[] {0, 1, 2, (byte) 0xff, '\n', 'x'});

    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      assertEquals(sessionsInWeek, read(source));
    }
    assertEquals(2, em.counters().logons(), "the corrupt session was replaced by a logon");
    assertTrue(Files.readString(session).startsWith("cdpwatch-em-session"));
  }

  @Test
  void aCacheFileOthersCanReadOrALinkIsNeverBelievedNorFollowed() throws Exception {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      read(source);
    }
    Path session = sessionFile();
    Files.setPosixFilePermissions(session, PosixFilePermissions.fromString("rw-r--r--"));

    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      assertEquals(sessionsInWeek, read(source));
    }
    assertEquals(2, em.counters().logons(), "a token others could read is not used");
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(session)));

    Path elsewhere = Files.writeString(cache.resolveSibling("planted"), Files.readString(session));
    Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-------"));
    Files.delete(session);
    Files.createSymbolicLink(session, elsewhere);
    String planted = Files.readString(elsewhere);

    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
      assertEquals(sessionsInWeek, read(source));
    }
    assertEquals(3, em.counters().logons(), "a link is not followed");
    assertFalse(Files.isSymbolicLink(session), "the link was replaced by a file of our own");
    assertEquals(planted, Files.readString(elsewhere), "its target is untouched");
  }

  @Test
  void aCacheDirectoryOthersCanWriteIsNotUsedAndSaysHowToFixIt() throws Exception {
    Files.createDirectories(cache);
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertEquals(
        java.util.Optional.of(
            "writable by others (rwxrwxrwx): chmod 700 it, or give --session-cache a directory of"
                + " this user's own"),
        CacheFiles.distrustedDirectory(cache));
    for (int run = 0; run < 2; run++) {
      try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em, cache).build())) {
        assertEquals(sessionsInWeek, read(source));
      }
    }
    assertEquals(2, em.counters().logons(), "uncached: each run logs on");
    assertEquals(2, em.counters().logoffs(), "and off: nothing left behind");
    try (java.util.stream.Stream<Path> files = Files.list(cache)) {
      assertEquals(0, files.count(), "nothing written into it");
    }
  }

  @Test
  void aCacheDirectoryOfAnotherUserOrALinkIsNotUsed() throws Exception {
    Path mine = Files.createDirectories(temp.resolve("mine"));
    Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwx------"));
    Path link = Files.createSymbolicLink(temp.resolve("link"), mine);
    assertEquals(java.util.Optional.of("a symbolic link"), CacheFiles.distrustedDirectory(link));
    assertEquals(java.util.Optional.empty(), CacheFiles.distrustedDirectory(mine));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "only root can give a directory away");
    java.nio.file.attribute.UserPrincipal nobody =
        mine.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    Files.setOwner(mine, nobody);
    assertEquals(
        java.util.Optional.of("owned by nobody, not root"), CacheFiles.distrustedDirectory(mine));
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em, mine).build())) {
      assertEquals(sessionsInWeek, read(source));
    }
    assertEquals(1, em.counters().logoffs(), "uncached, logged off");
    try (java.util.stream.Stream<Path> files = Files.list(mine)) {
      assertEquals(0, files.count(), "nothing written into it");
    }
  }

  @Test
  void anotherPasswordGetsItsOwnCacheFile() throws Exception {
    byte[] secret = CacheKeys.secret(Files.createDirectories(cache));
    String a = CacheKeys.key(secret, em.baseUrl(), "u", "one".toCharArray());
    String b = CacheKeys.key(secret, em.baseUrl(), "u", "two".toCharArray());
    String c = CacheKeys.key(secret, em.baseUrl() + "x", "u", "one".toCharArray());
    assertEquals(3, java.util.Set.of(a, b, c).size());
    assertEquals(a, CacheKeys.key(secret, em.baseUrl(), "u", "one".toCharArray()));
  }

  @Test
  void cacheFileNamesAreKeyedWithTheDirectorysOwnSecret() throws Exception {
    Path other = Files.createDirectories(temp.resolve("other"));
    byte[] mine = CacheKeys.secret(Files.createDirectories(cache));

    assertEquals(32, mine.length);
    assertEquals(HexFormat.of().formatHex(mine), HexFormat.of().formatHex(CacheKeys.secret(cache)));
    assertFalse(
        CacheKeys.key(mine, "u", "u", "pw".toCharArray())
            .equals(CacheKeys.key(CacheKeys.secret(other), "u", "u", "pw".toCharArray())),
        "without the secret a name cannot be matched to a guessed password");
    assertEquals(
        PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(cache.resolve("secret")));
  }

  private Path sessionFile() throws IOException {
    try (var list = Files.list(cache)) {
      return list.filter(f -> f.toString().endsWith(".session")).findFirst().orElseThrow();
    }
  }
}
