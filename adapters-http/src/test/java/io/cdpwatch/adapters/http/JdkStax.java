package io.cdpwatch.adapters.http;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
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
    return EmXml.atRoot(factory().createXMLStreamReader(in));
  }
}
