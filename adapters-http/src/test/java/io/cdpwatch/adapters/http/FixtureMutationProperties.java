package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.adapters.http.XmlTypes.XPolicy;
import io.cdpwatch.adapters.http.XmlTypes.XPolicySession;
import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.port.out.CdpSourceException;
import jakarta.xml.bind.JAXBException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random mutations of every fixture, the documented ones and those captured from real EM servers,
 * read through the adapter's whole parsing and mapping path: the outcome is a domain value or the
 * adapter's typed failure ({@link CdpSourceException}, one line, no class names), never anything
 * else, and never a DTD or entity resolved.
 */
class FixtureMutationProperties {

  /** What a hostile or broken server might put anywhere in a body. */
  private static final List<String> NASTY =
      List.of(
          "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
          "&e;",
          "&#0;",
          "&#x7;",
          "\u0000",
          "\u0007",
          "]]>",
          "<",
          ">",
          "&",
          "\"",
          "'",
          "\uFEFF",
          "\uD800",
          "99999999999999999999999999",
          "-1",
          "9999-12-31T23:59:59.9999999Z",
          "0001-01-01T00:00:00Z",
          "2026-02-30T25:61:61Z",
          "urn:veeam:CdpReplicaTaskSession:not-a-guid",
          "<Extra a=\"1\"><Deeper/></Extra>",
          "</Entities>",
          "<Entities>",
          "xmlns=\"http://example.com/other\"",
          "x".repeat(10_000),
          "|",
          "=",
          "\r\n");

  static final Map<String, byte[]> FIXTURES = fixtures();

  private static Map<String, byte[]> fixtures() {
    Map<String, byte[]> all = new TreeMap<>();
    try {
      for (String name :
          List.of(
              "cdp-policy.entity.xml",
              "cdp-replica-session.entity.xml",
              "cdp-replica-task-session.entity.xml",
              "cdp-replica-task-session.ref.xml",
              "error-401.xml",
              "logon-session.xml",
              "query-cdp-replica-task-session.entities.xml")) {
        try (InputStream in =
            FixtureMutationProperties.class.getResourceAsStream("/fixtures/" + name)) {
          assertNotNull(in, name);
          all.put(name, in.readAllBytes());
        }
      }
      Path real = Path.of("../../shared/fixtures/real");
      try (Stream<Path> files = Files.list(real)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
          all.put("real/" + file.getFileName(), Files.readAllBytes(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(all.keySet().stream().anyMatch(n -> n.startsWith("real/")), all.keySet().toString());
    return all;
  }

  /** One change to a body: where, how much, and what goes in. */
  record Mutation(int kind, double at, int length, String text) {
    byte[] apply(byte[] body) {
      int from = Math.min(body.length, (int) (at * body.length));
      int to = Math.min(body.length, from + length);
      byte[] inserted = text.getBytes(StandardCharsets.UTF_8);
      return switch (kind) {
        case 0 -> splice(body, from, to, new byte[0]); // delete a range
        case 1 -> splice(body, from, from, inserted); // insert
        case 2 -> splice(body, from, to, inserted); // replace a range
        case 3 -> Arrays.copyOf(body, from); // truncate
        case 4 -> splice(body, from, from, Arrays.copyOfRange(body, from, to)); // duplicate
        default -> flip(body, from, 1 << (length % 8));
      };
    }

    private static byte[] splice(byte[] body, int from, int to, byte[] in) {
      byte[] out = new byte[body.length - (to - from) + in.length];
      System.arraycopy(body, 0, out, 0, from);
      System.arraycopy(in, 0, out, from, in.length);
      System.arraycopy(body, to, out, from + in.length, body.length - to);
      return out;
    }

    private static byte[] flip(byte[] body, int at, int bit) {
      byte[] out = body.clone();
      if (at < out.length) {
        out[at] = (byte) (out[at] ^ bit);
      }
      return out;
    }
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return mutations(Arbitraries.strings().ofMaxLength(20).all());
  }

  /** One to four mutations, each inserting one of {@link #NASTY} or a {@code random} string. */
  static Arbitrary<List<Mutation>> mutations(Arbitrary<String> random) {
    Arbitrary<Mutation> one =
        Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 200),
                Arbitraries.oneOf(Arbitraries.of(NASTY), random))
            .as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> fixture() {
    return Arbitraries.of(List.copyOf(FIXTURES.keySet()));
  }

  @Property(tries = 2000)
  void aMutatedFixtureGivesADomainValueOrTheTypedFailure(
      @ForAll("fixture") String name, @ForAll("mutations") List<Mutation> mutations) {
    byte[] body = FIXTURES.get(name);
    for (Mutation m : mutations) {
      body = m.apply(body);
    }
    try {
      read(name, body);
    } catch (CdpSourceException e) {
      String message = e.getMessage();
      assertFalse(message.contains("\n"), message);
      FaultTest.assertNoClassNames(message);
      assertFalse(message.contains("root:"), "no file read: " + message);
    }
  }

  /** The fixture's body read as the client reads such an answer, every item mapped. */
  private static void read(String name, byte[] body) {
    try {
      if (name.startsWith("query-") || name.startsWith("real/query-")) {
        List<Object> mapped = new ArrayList<>();
        QueryPageReader.read(
            new ByteArrayInputStream(body),
            "CdpReplicaTaskSession",
            item -> {
              if (item instanceof XTaskSession t) {
                mapped.add(EmMapper.taskSession(t));
              } else if (item instanceof XPolicySession p) {
                mapped.add(EmMapper.policySession(p));
              } else if (item instanceof XPolicy p) {
                mapped.add(EmMapper.policy(p));
              } else {
                mapped.add(EmMapper.reference(item, "Unknown", ""));
              }
            });
      } else if (name.contains("error")) {
        EmXml.readErrorMessage(new ByteArrayInputStream(body));
      } else if (name.equals("logon-session.xml")) {
        EmXml.readLogonSessionId(new ByteArrayInputStream(body));
      } else {
        Resource resource = EmMapper.resource(EmXml.readEntity(new ByteArrayInputStream(body)), "");
        assertNotNull(resource);
      }
    } catch (XMLStreamException | JAXBException e) {
      // What EmHttp turns into the typed failure; the conversion must hold for every one.
      throw Errors.xml(e, "the fixture " + name);
    }
  }
}
