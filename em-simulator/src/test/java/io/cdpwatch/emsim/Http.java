package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A plain java.net.http client for the tests: no cookie store, hardened XML parsing. */
final class Http {
  static final String NS = "http://www.veeam.com/ent/v1.0";

  final HttpClient client;
  final EmSimulator sim;

  Http(EmSimulator sim) {
    this(sim, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
  }

  Http(EmSimulator sim, HttpClient client) {
    this.sim = sim;
    this.client = client;
  }

  record Logon(String token, String sessionId, HttpResponse<String> response) {}

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> logonResponse(String user, String password, String version)
      throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sessionMngr/?v=" + version))
            .header("Authorization", basic(user, password))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  Logon logon() throws IOException, InterruptedException {
    HttpResponse<String> r = logonResponse(sim.user(), sim.password(), "latest");
    assertEquals(201, r.statusCode(), r.body());
    String token = r.headers().firstValue("X-RestSvcSessionId").orElseThrow();
    Element root = parse(r.body()).getDocumentElement();
    return new Logon(token, text(root, "SessionId"), r);
  }

  HttpResponse<String> get(String pathOrUrl, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathOrUrl)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("X-RestSvcSessionId", token);
    }
    return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String pathOrUrl) {
    return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : sim.baseUrl() + pathOrUrl);
  }

  /** {@code /query?type=T&...} with each value percent-encoded. */
  static String query(String... kv) {
    StringBuilder sb = new StringBuilder("/query?");
    for (int i = 0; i < kv.length; i += 2) {
      if (i > 0) {
        sb.append('&');
      }
      sb.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  static Document parse(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("not well-formed XML: " + e + "\n" + xml, e);
    }
  }

  static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  static List<Element> children(Element e, String name) {
    return children(e).stream().filter(c -> c.getLocalName().equals(name)).toList();
  }

  static Element child(Element e, String name) {
    List<Element> c = children(e, name);
    if (c.size() != 1) {
      throw new AssertionError(
          "expected one <" + name + "> in <" + e.getLocalName() + ">, got " + c.size());
    }
    return c.get(0);
  }

  static String text(Element e, String name) {
    return child(e, name).getTextContent();
  }

  /** The Href of the link with this Rel (and Type when not null). */
  static String link(Element e, String rel, String type) {
    for (Element l : children(child(e, "Links"), "Link")) {
      if (l.getAttribute("Rel").equals(rel)
          && (type == null || l.getAttribute("Type").equals(type))) {
        return l.getAttribute("Href");
      }
    }
    return null;
  }

  /** The items of a QueryResult: Refs/Ref or Entities/X/Y. */
  static List<Element> items(Document d) {
    Element root = d.getDocumentElement();
    List<Element> refs = children(root, "Refs");
    if (!refs.isEmpty()) {
      return children(refs.get(0));
    }
    return children(children(child(root, "Entities")).get(0));
  }
}
