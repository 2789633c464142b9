package io.cdpwatch.core.testing;

import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.EntityRef;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.PolicySessionState;
import io.cdpwatch.core.domain.Reported;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.SessionResult;
import io.cdpwatch.core.domain.TaskState;
import io.cdpwatch.core.domain.Uid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the XML fixtures (copies of {@code shared/fixtures}) into domain values, with the JDK's DOM
 * parser, so that core's tests can walk real EM shapes without an XML dependency.
 */
public final class FixtureXml {

  private FixtureXml() {}

  /**
   * The resources in fixture {@code name}: one for an entity or reference, each item of a query.
   */
  public static List<Resource> read(String name) {
    try (InputStream in = FixtureXml.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      DocumentBuilder builder = factory.newDocumentBuilder();
      Element root = builder.parse(in).getDocumentElement();
      List<Resource> resources = new ArrayList<>();
      collect(root, resources);
      return resources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("fixture " + name + " does not parse", e);
    }
  }

  /** The one resource in fixture {@code name}. */
  public static Resource one(String name) {
    List<Resource> resources = read(name);
    if (resources.size() != 1) {
      throw new IllegalStateException(name + " holds " + resources.size() + " resources");
    }
    return resources.get(0);
  }

  private static void collect(Element element, List<Resource> into) {
    String type = element.getAttribute("Type");
    switch (element.getLocalName()) {
      case "QueryResult",
          "Entities",
          "Refs",
          "EntityReferences",
          "CdpReplicaTaskSessions",
          "CdpReplicaSessions" ->
          children(element).forEach(child -> collect(child, into));
      case "EntityRef", "Ref" -> into.add(reference(element));
      default -> {
        if (type.equals(CdpTaskSession.TYPE)) {
          into.add(taskSession(element));
        } else if (type.equals(CdpPolicySession.TYPE)) {
          into.add(policySession(element));
        }
      }
    }
  }

  private static EntityRef reference(Element e) {
    return new EntityRef(
        e.getAttribute("Type"), e.getAttribute("Href"), e.getAttribute("Name"), uid(e), links(e));
  }

  private static CdpTaskSession taskSession(Element e) {
    return new CdpTaskSession(
        uid(e).orElseThrow(),
        e.getAttribute("Href"),
        e.getAttribute("Name"),
        e.getAttribute("VmDisplayName"),
        Uid.parse(text(e, "PolicySessionUid").orElseThrow()),
        Instant.parse(text(e, "CreationTimeUTC").orElseThrow()),
        text(e, "EndTimeUTC").map(Instant::parse),
        Reported.of(TaskState.values(), text(e, "State").orElseThrow()),
        Reported.of(SessionResult.values(), text(e, "Result").orElseThrow()),
        text(e, "Reason"),
        text(e, "TotalSize")
            .map(t -> OptionalLong.of(Long.parseLong(t)))
            .orElse(OptionalLong.empty()),
        links(e));
  }

  private static CdpPolicySession policySession(Element e) {
    return new CdpPolicySession(
        uid(e).orElseThrow(),
        e.getAttribute("Href"),
        e.getAttribute("Name"),
        Uid.parse(text(e, "PolicyUid").orElseThrow()),
        text(e, "PolicyName").orElseThrow(),
        text(e, "PolicyType"),
        Instant.parse(text(e, "CreationTimeUTC").orElseThrow()),
        text(e, "EndTimeUTC").map(Instant::parse),
        Reported.of(PolicySessionState.values(), text(e, "State").orElseThrow()),
        Reported.of(SessionResult.values(), text(e, "Result").orElseThrow()),
        text(e, "Progress")
            .map(t -> OptionalInt.of(Integer.parseInt(t)))
            .orElse(OptionalInt.empty()),
        text(e, "FailureMessage"),
        text(e, "IsRetry").map(Boolean::parseBoolean).orElse(false),
        links(e));
  }

  private static Optional<Uid> uid(Element e) {
    String uid = e.getAttribute("UID");
    return uid.isEmpty() ? Optional.empty() : Optional.of(Uid.parse(uid));
  }

  private static List<Link> links(Element e) {
    List<Link> links = new ArrayList<>();
    for (Element child : children(e)) {
      if (child.getLocalName().equals("Links")) {
        for (Element link : children(child)) {
          links.add(
              Link.of(
                  Link.Rel.of(link.getAttribute("Rel")),
                  emptyToNull(link.getAttribute("Type")),
                  link.getAttribute("Href"),
                  emptyToNull(link.getAttribute("Name"))));
        }
      }
    }
    return links;
  }

  private static Optional<String> text(Element e, String name) {
    for (Element child : children(e)) {
      if (child.getLocalName().equals(name)) {
        return Optional.of(child.getTextContent().strip());
      }
    }
    return Optional.empty();
  }

  private static List<Element> children(Element e) {
    List<Element> children = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        children.add(child);
      }
    }
    return children;
  }

  private static String emptyToNull(String text) {
    return text.isEmpty() ? null : text;
  }
}
