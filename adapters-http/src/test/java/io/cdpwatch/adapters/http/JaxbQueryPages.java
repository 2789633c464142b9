package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.XmlTypes.XPagingInfo;
import io.cdpwatch.adapters.http.XmlTypes.XPolicy;
import io.cdpwatch.adapters.http.XmlTypes.XPolicySession;
import io.cdpwatch.adapters.http.XmlTypes.XResource;
import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.port.out.CdpSourceException;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The query-page reader as it was before {@link QueryPageReader}: the same StAX walk, each item and
 * the paging bound by JAXB, over the JDK's StAX reader. Kept as the oracle that the hand mapping
 * over {@link EmXmlReader} must agree with.
 */
final class JaxbQueryPages {

  private static final JAXBContext CONTEXT = context();

  private JaxbQueryPages() {}

  private static JAXBContext context() {
    try {
      return JAXBContext.newInstance(
          XTaskSession.class,
          XPolicySession.class,
          XPolicy.class,
          XResource.class,
          XPagingInfo.class);
    } catch (JAXBException e) {
      throw new IllegalStateException(e);
    }
  }

  static EmXml.Page read(InputStream in, String type, Consumer<XResource> sink)
      throws XMLStreamException, JAXBException {
    XMLStreamReader r = JdkStax.open(in);
    try {
      if (!r.getLocalName().equals("QueryResult")) {
        throw new CdpSourceException(
            CdpSourceException.Kind.PROTOCOL,
            "EM answered <%s> where a QueryResult was expected".formatted(r.getLocalName()));
      }
      Class<? extends XResource> binding =
          switch (type) {
            case EmXml.TASK_SESSION -> XTaskSession.class;
            case EmXml.POLICY -> XPolicy.class;
            default -> XPolicySession.class;
          };
      Unmarshaller unmarshaller = CONTEXT.createUnmarshaller();
      XPagingInfo paging = null;
      int items = 0;
      int depth = 1;
      int entitiesDepth = -1;
      int event = r.next();
      while (true) {
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          String local = r.getLocalName();
          if (depth == 2 && local.equals("Entities")) {
            entitiesDepth = depth;
          } else if (depth == 2 && local.equals("PagingInfo")) {
            paging = unmarshaller.unmarshal(r, XPagingInfo.class).getValue();
            depth--;
            event = r.getEventType();
            continue;
          } else if (entitiesDepth > 0 && depth == entitiesDepth + 2) {
            if (isItem(r.getAttributeValue(null, "Type"), local, type)) {
              XResource item = unmarshaller.unmarshal(r, binding).getValue();
              depth--;
              items++;
              sink.accept(item);
              event = r.getEventType();
              continue;
            }
            skipElement(r);
            depth--;
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          if (depth == entitiesDepth) {
            entitiesDepth = -1;
          }
          depth--;
          if (depth == 0) {
            break;
          }
        } else if (event == XMLStreamConstants.DTD) {
          throw EmXml.refusedDtd();
        }
        if (!r.hasNext()) {
          break;
        }
        event = r.next();
      }
      if (depth > 0) {
        throw new CdpSourceException(
            CdpSourceException.Kind.PROTOCOL, "EM's answer ended in the middle of the document");
      }
      return page(paging, items);
    } finally {
      r.close();
    }
  }

  private static boolean isItem(String typeAttribute, String element, String type) {
    if (typeAttribute != null && !typeAttribute.isBlank()) {
      return typeAttribute.strip().equalsIgnoreCase(type);
    }
    return element.equals(type)
        || (type.equals(EmXml.POLICY_SESSION) && element.equals("CdpPolicySession"));
  }

  private static EmXml.Page page(XPagingInfo paging, int items) {
    if (paging == null) {
      return new EmXml.Page(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), items);
    }
    Optional<String> next =
        paging.links.stream()
            .filter(l -> "Next".equalsIgnoreCase(l.rel) && l.href != null && !l.href.isBlank())
            .map(l -> l.href.strip())
            .findFirst();
    return new EmXml.Page(number(paging.pageNum), number(paging.pagesCount), next, items);
  }

  private static OptionalInt number(String text) {
    if (text == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static void skipElement(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }
}
