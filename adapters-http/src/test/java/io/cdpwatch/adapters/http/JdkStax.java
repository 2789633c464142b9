package io.cdpwatch.adapters.http;

import io.cdpwatch.core.port.out.CdpSourceException;
import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The JDK's own StAX reader, hardened as the client's was before {@link EmXmlReader} replaced it:
 * the oracle that the client's reader is compared with.
 */
final class JdkStax {

  private JdkStax() {}

  static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("refused to resolve " + systemId);
        });
    return factory;
  }

  /** As {@link EmXml#open}: on the root element, a DOCTYPE refused. */
  static XMLStreamReader open(InputStream in) throws XMLStreamException {
    XMLStreamReader reader = factory().createXMLStreamReader(in);
    int event = reader.getEventType();
    while (true) {
      if (event == XMLStreamConstants.DTD) {
        throw EmXml.refusedDtd();
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
}
