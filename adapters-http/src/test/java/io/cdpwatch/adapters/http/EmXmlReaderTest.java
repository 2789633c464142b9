package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client's XML reader gives the events the JDK's StAX reader gives (hardened and coalescing, as
 * the client used it) for every fixture and for documents written to use each part of XML, refuses
 * what the JDK's refuses, and keeps its own limits.
 */
class EmXmlReaderTest {

  private static final String NS = EmXml.NS;

  interface Opener {
    XMLStreamReader open(InputStream in) throws XMLStreamException;
  }

  static final Opener JDK = in -> JdkStax.factory().createXMLStreamReader(in);
  static final Opener OURS = EmXmlReader::open;

  /**
   * What a reader made of a document, event by event: adjacent text merged, whitespace outside the
   * root left out, a DTD the last event read (the client refuses it), and "ERROR" for a failure or
   * a document without an element.
   */
  static List<String> transcript(Opener opener, byte[] xml) {
    List<String> out = new ArrayList<>();
    StringBuilder text = null;
    int depth = 0;
    boolean root = false;
    try {
      XMLStreamReader r = opener.open(new ByteArrayInputStream(xml));
      int event = r.getEventType();
      while (true) {
        if (event == XMLStreamConstants.CHARACTERS
            || event == XMLStreamConstants.SPACE
            || event == XMLStreamConstants.CDATA) {
          if (depth > 0) {
            text = text == null ? new StringBuilder() : text;
            text.append(r.getText());
          }
        } else {
          if (text != null) {
            out.add("T " + text);
            text = null;
          }
          switch (event) {
            case XMLStreamConstants.START_ELEMENT -> {
              depth++;
              root = true;
              out.add("S " + element(r) + attributes(r) + namespaces(r));
            }
            case XMLStreamConstants.END_ELEMENT -> {
              depth--;
              out.add("E " + element(r) + namespaces(r));
            }
            case XMLStreamConstants.COMMENT -> out.add("C " + r.getText());
            case XMLStreamConstants.PROCESSING_INSTRUCTION ->
                out.add("P " + r.getPITarget() + " " + r.getPIData());
            case XMLStreamConstants.DTD -> {
              out.add("D");
              return out;
            }
            case XMLStreamConstants.END_DOCUMENT -> {
              out.add(root ? "END" : "ERROR");
              return out;
            }
            default -> {
              // START_DOCUMENT
            }
          }
        }
        if (!r.hasNext()) {
          out.add(root && depth == 0 ? "END" : "ERROR");
          return out;
        }
        event = r.next();
      }
    } catch (XMLStreamException | RuntimeException e) {
      out.add("ERROR");
      return out;
    }
  }

  private static String element(XMLStreamReader r) {
    return "{" + orEmpty(r.getNamespaceURI()) + "}" + r.getLocalName() + " " + r.getPrefix();
  }

  private static String attributes(XMLStreamReader r) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < r.getAttributeCount(); i++) {
      if (javax.xml.XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(r.getAttributeNamespace(i))) {
        continue; // the JDK's XML 1.1 scanner reports namespace declarations as attributes too
      }
      all.add(
          "{"
              + orEmpty(r.getAttributeNamespace(i))
              + "}"
              + r.getAttributeLocalName(i)
              + "="
              + r.getAttributeValue(i));
    }
    return " a" + all;
  }

  private static String namespaces(XMLStreamReader r) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < r.getNamespaceCount(); i++) {
      all.add(orEmpty(r.getNamespacePrefix(i)) + "=" + r.getNamespaceURI(i));
    }
    return " ns" + all;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * Both read the same; when both refuse, they agree on everything before the first refusal. A
   * DOCTYPE is a refusal too: the client refuses a document with one (the JDK's reader reads its
   * declarations first, and may find them broken).
   */
  static void assertSameEvents(byte[] xml, String what) {
    List<String> jdk = transcript(JDK, xml);
    List<String> ours = transcript(OURS, xml);
    boolean jdkRefused = refused(jdk);
    boolean oursRefused = refused(ours);
    if (jdkRefused && oursRefused) {
      int agreed = Math.min(jdk.size(), ours.size()) - 1;
      assertEquals(jdk.subList(0, agreed), ours.subList(0, agreed), what);
    } else {
      assertEquals(jdk, ours, what);
    }
  }

  private static boolean refused(List<String> transcript) {
    String last = transcript.get(transcript.size() - 1);
    return last.equals("ERROR") || last.equals("D");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Path> fixtures() throws IOException {
    List<Path> all = new ArrayList<>();
    for (String dir : List.of("../../shared/fixtures", "../../shared/fixtures/real")) {
      try (Stream<Path> files = Files.list(Path.of(dir))) {
        files.filter(f -> f.toString().endsWith(".xml")).sorted().forEach(all::add);
      }
    }
    assertTrue(all.size() >= 9, all.toString());
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyFixtureGivesTheJdksEvents(Path fixture) throws IOException {
    byte[] xml = Files.readAllBytes(fixture);
    List<String> ours = transcript(OURS, xml);
    assertEquals("END", ours.get(ours.size() - 1), fixture + ": " + ours);
    assertEquals(transcript(JDK, xml), ours, fixture.toString());
  }

  static Stream<String> documents() {
    String root = "<QueryResult xmlns=\"" + NS + "\">%s</QueryResult>";
    return Stream.of(
        "<a/>",
        "<?xml version=\"1.0\"?><a/>",
        "<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n<a/>\n",
        "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
        root.formatted("<Entities><X Type=\"T\" Href=\"h\"/></Entities>"),
        root.formatted("text &amp; &lt;b&gt; &quot;q&quot; &apos;s&apos; &#65;&#x42;&#x1F600;"),
        root.formatted("&#0000000065;&#x000000000041;"),
        "<?xml version=\"1.1\"?><a/>",
        "<:a :b=\"1\"/>",
        root.formatted("a<![CDATA[<b> & ]]]]><![CDATA[>]]>c"),
        root.formatted("<![CDATA[]]>"),
        root.formatted("<!-- a comment --><x/><!---->"),
        root.formatted("<?pi some data ?><?pi?><x/>"),
        root.formatted("line1\r\nline2\rline3\nend"),
        root.formatted("<x a=\" sp  aces\ttab\nnl\r\ncrlf &#10;ref&#9;\"/>"),
        root.formatted("<x a='single \"double\"' b=\"double 'single'\"/>"),
        root.formatted("<p:x xmlns:p=\"urn:p\" p:a=\"1\" a=\"2\"><y xmlns=\"\"/><p:z/></p:x>"),
        root.formatted("<x xmlns:p=\"urn:p\"><p:y xmlns:p=\"urn:q\"/><p:z/></x>"),
        root.formatted("<x xml:lang=\"de\" xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/>"),
        root.formatted("<EndTimeUTC xsi:nil=\"true\" xmlns:xsi=\"" + EmXml.XSI + "\"/>"),
        root.formatted("<Name>Zahlungsverkehr-Müller \u4E2D\u6587 \uD83D\uDE00 \u0085</Name>"),
        root.formatted("<Müller-Straße.1 _a=\"x\" b-c.d=\"y\"/>"),
        root.formatted("<x   \n  a = \"1\"   ></x   >"),
        root.formatted("   \n  "),
        root.formatted("]] > ]>"),
        "<!-- before --><?pi before?><a/><!-- after --><?pi after?>",
        "<!DOCTYPE a><a/>",
        "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>");
  }

  @ParameterizedTest
  @MethodSource("documents")
  void aDocumentUsingEachPartOfXmlGivesTheJdksEvents(String document) {
    byte[] xml = utf8(document);
    List<String> ours = transcript(OURS, xml);
    String last = ours.get(ours.size() - 1);
    assertTrue(last.equals("END") || last.equals("D"), document + ": " + ours);
    assertEquals(transcript(JDK, xml), ours, document);
  }

  static Stream<String> malformed() {
    String root = "<QueryResult xmlns=\"" + NS + "\">%s</QueryResult>";
    return Stream.of(
        "",
        "   ",
        "<?xml version=\"1.0\"?>",
        "text",
        "<a>",
        "<a></b>",
        "<a><b></a></b>",
        "<a/><b/>",
        "<a/>text",
        "<a b=\"1\" b=\"2\"/>",
        "<a p:b=\"1\" q:b=\"2\" xmlns:p=\"urn:x\" xmlns:q=\"urn:x\"/>",
        "<a b=1/>",
        "<a b=\"1\"c=\"2\"/>",
        "<a b=\"<\"/>",
        "<p:a/>",
        "<a xmlns:p=\"\"/>",
        "<a:b:c xmlns:a=\"urn:a\"/>",
        "<a:/>",
        "<a b:=\"1\" xmlns:b=\"u\"/>",
        "<?xml version=\"2.0\"?><a/>",
        "<1a/>",
        "<a>&undefined;</a>",
        "<a>&#0;</a>",
        "<a>&#xD800;</a>",
        "<a>&#x110000;</a>",
        "<a>&#;</a>",
        "<a>&#12a;</a>",
        "<a>&amp</a>",
        "<a>]]></a>",
        "<a>\u0001</a>",
        "<a>\uFFFE</a>",
        "<a><!-- a -- b --></a>",
        "<a><!-- a ---></a>",
        "<a><![CDATA[x]]</a>",
        "<a><!CDATA[x]]></a>",
        "<a><?xml version=\"1.0\"?></a>",
        " <?xml version=\"1.0\"?><a/>",
        "<?xml encoding=\"utf-8\"?><a/>",
        "<?xml version=\"1.0\" standalone=\"maybe\"?><a/>",
        "<a></a",
        "<a",
        "<a b=\"1",
        "<a>text",
        root.formatted("<x/></y>"),
        root.formatted("<x a=\"1\" a=\"1\"/>"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void aMalformedDocumentIsRefusedAsTheJdkRefusesIt(String document) {
    byte[] xml = utf8(document);
    List<String> jdk = transcript(JDK, xml);
    List<String> ours = transcript(OURS, xml);
    assertEquals("ERROR", jdk.get(jdk.size() - 1), "the JDK refuses " + document + ": " + jdk);
    assertEquals("ERROR", ours.get(ours.size() - 1), "refused: " + document + ": " + ours);
    assertSameEvents(xml, document);
  }

  @Test
  void aFailureSaysOnWhichLine() throws XMLStreamException {
    XMLStreamReader r = OURS.open(new ByteArrayInputStream(utf8("<a>\n<b>\r\n<c/>\n</d>\n</a>")));
    XMLStreamException failure =
        assertThrows(
            XMLStreamException.class,
            () -> {
              while (r.hasNext()) {
                r.next();
              }
            });
    assertEquals(4, failure.getLocation().getLineNumber(), failure.getMessage());
    assertTrue(failure.getMessage().contains("</d> does not match <b>"), failure.getMessage());
  }

  @Test
  void aDoctypeIsTheLastThingRead() throws XMLStreamException {
    XMLStreamReader r =
        OURS.open(new ByteArrayInputStream(utf8("<!DOCTYPE a SYSTEM \"http://x/a.dtd\"><a/>")));
    assertEquals(XMLStreamConstants.DTD, r.next());
    assertThrows(XMLStreamException.class, r::next);
  }

  @Test
  void aNameAttributesOrATextBeyondTheLimitsAreRefused() {
    String name = "n".repeat(EmXmlReader.MAX_NAME + 1);
    StringBuilder attributes = new StringBuilder("<a");
    for (int i = 0; i <= EmXmlReader.MAX_ATTRIBUTES; i++) {
      attributes.append(" a").append(i).append("=\"\"");
    }
    for (String document :
        List.of(
            "<" + name + "/>",
            attributes + "/>",
            "<a>" + "t".repeat(EmXmlReader.MAX_TEXT + 1) + "</a>",
            "<a>" + "&amp;".repeat(EmXmlReader.MAX_TEXT + 1) + "</a>",
            "<a b=\"" + "v".repeat(EmXmlReader.MAX_TEXT + 1) + "\"/>",
            "<a><![CDATA[" + "c".repeat(EmXmlReader.MAX_TEXT + 1) + "]]></a>")) {
      List<String> ours = transcript(OURS, utf8(document));
      assertEquals("ERROR", ours.get(ours.size() - 1), document.substring(0, 40));
      assertTrue(ours.size() <= 2, "nothing read past the start tag: " + ours.size());
    }
    String atTheLimits =
        "<" + "n".repeat(EmXmlReader.MAX_NAME) + ">" + "t".repeat(EmXmlReader.MAX_TEXT) + "</";
    List<String> ours =
        transcript(OURS, utf8(atTheLimits + "n".repeat(EmXmlReader.MAX_NAME) + ">"));
    assertEquals("END", ours.get(ours.size() - 1));
  }

  @Test
  void elementsNestedDeeperThanTheLimitAreRefused() {
    int depth = EmXmlReader.MAX_DEPTH + 1;
    String document = "<a>".repeat(depth) + "</a>".repeat(depth);
    assertEquals("ERROR", transcript(OURS, utf8(document)).get(depth - 1));
    String deep = "<a>".repeat(depth - 1) + "</a>".repeat(depth - 1);
    List<String> ours = transcript(OURS, utf8(deep));
    assertEquals("END", ours.get(ours.size() - 1));
  }

  @Test
  void theEncodingComesFromTheByteOrderMarkOrTheDeclaration() throws IOException {
    String document = "<?xml version=\"1.0\" encoding=\"%s\"?><a b=\"Müller\">Straße \u4E2D</a>";
    for (Charset charset :
        List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16)) {
      byte[] xml = document.formatted("UTF-16").getBytes(charset);
      assertEquals(transcript(JDK, xml), transcript(OURS, xml), charset.name());
      assertEquals("END", transcript(OURS, xml).get(3), charset.name());
    }
    byte[] latin1 = document.replace(" \u4E2D", "").formatted("ISO-8859-1").getBytes("ISO-8859-1");
    assertEquals(transcript(JDK, latin1), transcript(OURS, latin1));
    assertEquals(
        List.of("S {}a  a[{}b=Müller] ns[]", "T Straße", "E {}a  ns[]", "END"),
        transcript(OURS, latin1));
    List<String> unknown = transcript(OURS, utf8(document.formatted("no-such-charset")));
    assertEquals(List.of("ERROR"), unknown);
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    byte[] xml = utf8("<a>Müller</a>");
    xml[4] = (byte) 0xFF;
    assertEquals(List.of("ERROR"), transcript(OURS, xml));
    assertEquals("ERROR", transcript(JDK, xml).get(transcript(JDK, xml).size() - 1));
  }

  @Test
  void aFailingStreamIsTheFailuresCause() throws XMLStreamException {
    IOException broken = new IOException("Premature end of chunk coded message body");
    InputStream in =
        new SequenceInputStream(
            new ByteArrayInputStream(utf8("<a>" + "x".repeat(20_000))),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw broken;
              }
            });
    XMLStreamReader r = OURS.open(in);
    XMLStreamException failure =
        assertThrows(
            XMLStreamException.class,
            () -> {
              while (r.hasNext()) {
                r.next();
              }
            });
    assertInstanceOf(IOException.class, failure.getCause());
    assertTrue(failure.getMessage().contains("Premature end of chunk"), failure.getMessage());
  }

  @Test
  void aBodyArrivingByteByByteReadsTheSame() throws IOException {
    byte[] xml =
        Files.readAllBytes(
            Path.of("../../shared/fixtures/query-cdp-replica-task-session.entities.xml"));
    Opener trickle =
        in ->
            EmXmlReader.open(
                new InputStream() {
                  @Override
                  public int read() throws IOException {
                    return in.read();
                  }

                  @Override
                  public int read(byte[] b, int off, int len) throws IOException {
                    return len == 0 ? 0 : in.read(b, off, 1);
                  }
                });
    List<String> whole = transcript(OURS, xml);
    assertEquals(whole, transcript(trickle, xml));
    assertNotEquals(List.of("ERROR"), whole);
  }

  @Test
  void theReaderAnswersAsStaxSays() throws XMLStreamException {
    XMLStreamReader r =
        OURS.open(
            new ByteArrayInputStream(
                utf8(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><p:a xmlns:p=\"urn:p\" xmlns=\"urn:d\""
                        + " b=\"1\"><c>text<!--x--> more</c><d/></p:a>")));
    assertEquals(XMLStreamConstants.START_DOCUMENT, r.getEventType());
    assertEquals("1.0", r.getVersion());
    assertEquals("utf-8", r.getCharacterEncodingScheme());
    assertEquals(XMLStreamConstants.START_ELEMENT, r.nextTag());
    assertEquals("urn:p", r.getNamespaceURI());
    assertEquals("p", r.getPrefix());
    assertEquals("urn:d", r.getNamespaceURI(""));
    assertEquals("urn:d", r.getNamespaceContext().getNamespaceURI(""));
    assertEquals("p", r.getNamespaceContext().getPrefix("urn:p"));
    assertEquals(2, r.getNamespaceCount());
    assertEquals("1", r.getAttributeValue(null, "b"));
    assertEquals("1", r.getAttributeValue("", "b"));
    assertEquals(null, r.getAttributeValue("urn:p", "b"));
    assertEquals(new javax.xml.namespace.QName("", "b"), r.getAttributeName(0));
    r.require(XMLStreamConstants.START_ELEMENT, "urn:p", "a");
    assertThrows(
        XMLStreamException.class, () -> r.require(XMLStreamConstants.END_ELEMENT, null, null));
    assertEquals(XMLStreamConstants.START_ELEMENT, r.nextTag());
    assertEquals("text more", r.getElementText());
    assertEquals(XMLStreamConstants.END_ELEMENT, r.getEventType());
    assertEquals(XMLStreamConstants.START_ELEMENT, r.nextTag());
    assertEquals("d", r.getLocalName());
    assertThrows(IllegalStateException.class, r::getText);
    assertEquals(XMLStreamConstants.END_ELEMENT, r.next());
    assertEquals(XMLStreamConstants.END_ELEMENT, r.next());
    assertEquals(2, r.getNamespaceCount(), "declarations are read at their element's end too");
    assertEquals(XMLStreamConstants.END_DOCUMENT, r.next());
    assertTrue(!r.hasNext());
  }
}
