package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.XmlTypes.XBackupServer;
import io.cdpwatch.adapters.http.XmlTypes.XLink;
import io.cdpwatch.adapters.http.XmlTypes.XPolicy;
import io.cdpwatch.adapters.http.XmlTypes.XPolicySession;
import io.cdpwatch.adapters.http.XmlTypes.XResource;
import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.port.out.CdpSourceException;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads EM's XML answers with cdpwatch's own StAX reader ({@link EmXmlReader}): a document with a
 * DOCTYPE is refused before anything else is read, so no DTD or entity is ever resolved or fetched.
 * Query pages are mapped by hand ({@link QueryPageReader}); a single entity ({@code
 * ?format=Entity}) is bound with JAXB.
 */
final class EmXml {

  static final String NS = "http://www.veeam.com/ent/v1.0";

  /** XML Schema instance ({@code xsi:nil}). */
  static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

  static final String TASK_SESSION = "CdpReplicaTaskSession";
  static final String POLICY_SESSION = "CdpReplicaSession";
  static final String POLICY = "CdpPolicy";

  /** The element name EM uses for policy sessions inside query results. */
  private static final String POLICY_SESSION_ITEM = "CdpPolicySession";

  private EmXml() {}

  /** Built on first use: a run that fails at logon never pays for JAXB. */
  private static final class Jaxb {
    static final JAXBContext CONTEXT = create();

    private static JAXBContext create() {
      try {
        return JAXBContext.newInstance(
            XTaskSession.class,
            XPolicySession.class,
            XPolicy.class,
            XBackupServer.class,
            XResource.class);
      } catch (JAXBException e) {
        throw new IllegalStateException("the EM XML bindings are broken", e);
      }
    }
  }

  /** What a query page said about paging. */
  record Page(OptionalInt pageNum, OptionalInt pagesCount, Optional<String> next, int items) {}

  /** One entity read by {@link #readEntity}, with the kind its Type or root element names. */
  record Entity(String kind, String rootElement, XResource value) {}

  /**
   * Opens {@code in} and moves to the root element. A DOCTYPE is refused before the root is
   * reached.
   */
  static XMLStreamReader open(InputStream in) throws XMLStreamException {
    return atRoot(EmXmlReader.open(in));
  }

  /** Moves {@code reader} to the root element; a DOCTYPE is refused before the root is reached. */
  static XMLStreamReader atRoot(XMLStreamReader reader) throws XMLStreamException {
    int event = reader.getEventType();
    while (true) {
      if (event == XMLStreamConstants.DTD) {
        throw refusedDtd();
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        return reader;
      }
      if (!reader.hasNext()) {
        throw new CdpSourceException(
            CdpSourceException.Kind.PROTOCOL, "EM's answer holds no XML element (empty body)");
      }
      event = reader.next();
    }
  }

  static CdpSourceException refusedDtd() {
    return new CdpSourceException(
        CdpSourceException.Kind.PROTOCOL,
        "refused a DTD in EM's answer (EM sends none; nothing it declares is read or fetched):"
            + " is something other than EM answering?");
  }

  /**
   * Reads a single entity or reference ({@code ?format=Entity} answers), bound by what its {@code
   * Type} attribute or root element names.
   */
  static Entity readEntity(InputStream in) throws XMLStreamException, JAXBException {
    XMLStreamReader r = open(in);
    try {
      String root = r.getLocalName();
      String typeAttribute = r.getAttributeValue(null, "Type");
      String kind =
          typeAttribute != null && !typeAttribute.isBlank() ? typeAttribute.strip() : root;
      Class<? extends XResource> binding =
          switch (kind) {
            case TASK_SESSION -> XTaskSession.class;
            case POLICY_SESSION, POLICY_SESSION_ITEM -> XPolicySession.class;
            case POLICY -> XPolicy.class;
            case "BackupServer" -> XBackupServer.class;
            default -> XResource.class;
          };
      Unmarshaller unmarshaller = Jaxb.CONTEXT.createUnmarshaller();
      XResource value = unmarshaller.unmarshal(r, binding).getValue();
      return new Entity(kind, root, value);
    } finally {
      r.close();
    }
  }

  /** The {@code SupportedVersion/@Name}s of the API root ({@code EnterpriseManager}). */
  static List<String> readSupportedVersions(InputStream in) throws XMLStreamException {
    XMLStreamReader r = open(in);
    try {
      if (!r.getLocalName().equals("EnterpriseManager")) {
        throw new CdpSourceException(
            CdpSourceException.Kind.PROTOCOL,
            ("the API root answered <%s>, not EnterpriseManager: is the base URL EM's REST API"
                    + " (https://host:9398/api)?")
                .formatted(r.getLocalName()));
      }
      List<String> names = new ArrayList<>();
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT
            && r.getLocalName().equals("SupportedVersion")) {
          String name = r.getAttributeValue(null, "Name");
          if (name != null) {
            names.add(name.strip());
          }
        } else if (event == XMLStreamConstants.DTD) {
          throw refusedDtd();
        }
      }
      return names;
    } finally {
      r.close();
    }
  }

  /** The {@code SessionId} of a {@code LogonSession}, or its {@code Delete} link's last segment. */
  static Optional<String> readLogonSessionId(InputStream in) throws XMLStreamException {
    XMLStreamReader r = open(in);
    try {
      String fromLink = null;
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          if (r.getLocalName().equals("SessionId")) {
            String text = r.getElementText().strip();
            if (!text.isEmpty()) {
              return Optional.of(text);
            }
          } else if (r.getLocalName().equals("Link")
              && "Delete".equalsIgnoreCase(r.getAttributeValue(null, "Rel"))) {
            String href = r.getAttributeValue(null, "Href");
            if (href != null && href.contains("/")) {
              fromLink = href.substring(href.lastIndexOf('/') + 1).strip();
            }
          }
        }
      }
      return Optional.ofNullable(fromLink).filter(s -> !s.isEmpty());
    } finally {
      r.close();
    }
  }

  /** {@code Error/@Message}, when the body is EM's {@code <Error>}. */
  static Optional<String> readErrorMessage(InputStream in) {
    try {
      XMLStreamReader r = open(in);
      try {
        if (!r.getLocalName().equals("Error")) {
          return Optional.empty();
        }
        return Optional.ofNullable(r.getAttributeValue(null, "Message"))
            .map(String::strip)
            .filter(s -> !s.isEmpty());
      } finally {
        r.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A link list as bound, for the mapper. */
  static List<XLink> links(XResource resource) {
    return resource.links == null ? List.of() : resource.links;
  }
}
