/**
 * Secondary (driven) adapter: the Veeam Backup Enterprise Manager REST client that implements
 * {@link io.cdpwatch.core.port.out.CdpSessionSource}.
 *
 * <p>The public surface is {@link io.cdpwatch.adapters.http.EmClientConfig} (how to reach EM and
 * whom to trust) and {@link io.cdpwatch.adapters.http.EmCdpSessionSource} (the port). Everything
 * else (XML bindings, the streaming reader, mappers, the session cache, the transport) is
 * package-private; {@code core} never sees an XML or HTTP type.
 *
 * <p>Null policy: nothing in this package accepts or returns {@code null}; absent values are {@link
 * java.util.Optional}. The XML binding classes are the one exception: their fields are {@code null}
 * when EM left the element or attribute out, and the mapper turns that into {@code Optional}.
 */
@XmlSchema(namespace = EmXml.NS, elementFormDefault = XmlNsForm.QUALIFIED)
package io.cdpwatch.adapters.http;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
