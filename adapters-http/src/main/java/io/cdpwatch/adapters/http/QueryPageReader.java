package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.XmlTypes.XCdpPolicyInfo;
import io.cdpwatch.adapters.http.XmlTypes.XCdpReplicaOptions;
import io.cdpwatch.adapters.http.XmlTypes.XCdpReplicaPolicyInfo;
import io.cdpwatch.adapters.http.XmlTypes.XLink;
import io.cdpwatch.adapters.http.XmlTypes.XObjectInJob;
import io.cdpwatch.adapters.http.XmlTypes.XPagingInfo;
import io.cdpwatch.adapters.http.XmlTypes.XPolicy;
import io.cdpwatch.adapters.http.XmlTypes.XPolicyScheduleOptions;
import io.cdpwatch.adapters.http.XmlTypes.XPolicySession;
import io.cdpwatch.adapters.http.XmlTypes.XResource;
import io.cdpwatch.adapters.http.XmlTypes.XRpoReporting;
import io.cdpwatch.adapters.http.XmlTypes.XRpoThreshold;
import io.cdpwatch.adapters.http.XmlTypes.XSchedule;
import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.port.out.CdpSourceException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one page of a {@code QueryResult} with the hardened StAX reader of {@link EmXml} and maps
 * its items by hand into the {@link XmlTypes} holders, as JAXB would bind them (elements in EM's
 * namespace, attributes unqualified, unknown ones ignored, the last of a repeated element wins):
 * the query path never loads JAXB, and a large page costs a fraction of the time. Only one item is
 * held at a time.
 */
final class QueryPageReader {

  private static final Logger LOG = LoggerFactory.getLogger(QueryPageReader.class);

  /** The element name EM uses for policy sessions inside query results. */
  private static final String POLICY_SESSION_ITEM = "CdpPolicySession";

  private QueryPageReader() {}

  /**
   * Streams one page: every item under {@code Entities} whose {@code Type} attribute (or, without
   * one, element name) is {@code type} is mapped and handed to {@code sink} before the next is
   * read.
   */
  static EmXml.Page read(InputStream in, String type, Consumer<XResource> sink)
      throws XMLStreamException {
    XMLStreamReader r = EmXml.open(in);
    try {
      if (!r.getLocalName().equals("QueryResult")) {
        throw new CdpSourceException(
            CdpSourceException.Kind.PROTOCOL,
            "EM answered <%s> where a QueryResult was expected".formatted(r.getLocalName()));
      }
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
            paging = pagingInfo(r);
            depth--;
          } else if (entitiesDepth > 0 && depth == entitiesDepth + 2) {
            if (isItem(r.getAttributeValue(null, "Type"), local, type)) {
              XResource item = item(r, type);
              depth--;
              items++;
              sink.accept(item);
            } else {
              // Not what was asked for: say so, so that nothing vanishes without a trace.
              LOG.warn(
                  "EM's {} query answer holds a <{}> item of type '{}'; it is not a {} and is left"
                      + " out",
                  type,
                  local,
                  r.getAttributeValue(null, "Type"),
                  type);
              skip(r);
              depth--;
            }
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
        || (type.equals(EmXml.POLICY_SESSION) && element.equals(POLICY_SESSION_ITEM));
  }

  private static XResource item(XMLStreamReader r, String type) throws XMLStreamException {
    return switch (type) {
      case EmXml.TASK_SESSION -> taskSession(r);
      case EmXml.POLICY -> policy(r);
      default -> policySession(r);
    };
  }

  // ---------------------------------------------------------------- the items

  private static XTaskSession taskSession(XMLStreamReader r) throws XMLStreamException {
    XTaskSession x = new XTaskSession();
    for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
      if (unqualified(r, i) && !resourceAttribute(x, r, i)) {
        if (r.getAttributeLocalName(i).equals("VmDisplayName")) {
          x.vmDisplayName = r.getAttributeValue(i);
        }
      }
    }
    while (nextChild(r)) {
      if (!inEm(r)) {
        skip(r);
        continue;
      }
      switch (r.getLocalName()) {
        case "Links" -> links(r, x.links);
        case "PolicySessionUid" -> x.policySessionUid = text(r);
        case "CreationTimeUTC" -> x.creationTime = text(r);
        case "EndTimeUTC" -> x.endTime = text(r);
        case "State" -> x.state = text(r);
        case "Result" -> x.result = text(r);
        case "Reason" -> x.reason = text(r);
        case "TotalSize" -> x.totalSize = text(r);
        default -> skip(r);
      }
    }
    return x;
  }

  private static XPolicySession policySession(XMLStreamReader r) throws XMLStreamException {
    XPolicySession x = new XPolicySession();
    resourceAttributes(r, x);
    while (nextChild(r)) {
      if (!inEm(r)) {
        skip(r);
        continue;
      }
      switch (r.getLocalName()) {
        case "Links" -> links(r, x.links);
        case "PolicyUid" -> x.policyUid = text(r);
        case "PolicyName" -> x.policyName = text(r);
        case "PolicyType" -> x.policyType = text(r);
        case "CreationTimeUTC" -> x.creationTime = text(r);
        case "EndTimeUTC" -> x.endTime = text(r);
        case "State" -> x.state = text(r);
        case "Result" -> x.result = text(r);
        case "Progress" -> x.progress = text(r);
        case "FailureMessage" -> x.failureMessage = text(r);
        case "IsRetry" -> x.retry = text(r);
        default -> skip(r);
      }
    }
    return x;
  }

  private static XPolicy policy(XMLStreamReader r) throws XMLStreamException {
    XPolicy x = new XPolicy();
    resourceAttributes(r, x);
    while (nextChild(r)) {
      if (!inEm(r)) {
        skip(r);
        continue;
      }
      switch (r.getLocalName()) {
        case "Links" -> links(r, x.links);
        case "PolicyType" -> x.policyType = text(r);
        case "Platform" -> x.platform = text(r);
        case "Description" -> x.description = text(r);
        case "ScheduleConfigured" -> x.scheduleConfigured = text(r);
        case "ScheduleEnabled" -> x.scheduleEnabled = text(r);
        case "NextRun" -> x.nextRun = text(r);
        case "PolicyScheduleOptions" -> x.scheduleOptions = scheduleOptions(r);
        case "CdpPolicyInfo" -> x.info = policyInfo(r);
        default -> skip(r);
      }
    }
    return x;
  }

  private static XPolicyScheduleOptions scheduleOptions(XMLStreamReader r)
      throws XMLStreamException {
    XPolicyScheduleOptions x = new XPolicyScheduleOptions();
    while (nextChild(r)) {
      if (is(r, "CdpReplica")) {
        x.cdpReplica = replicaOptions(r);
      } else {
        skip(r);
      }
    }
    return x;
  }

  private static XCdpReplicaOptions replicaOptions(XMLStreamReader r) throws XMLStreamException {
    XCdpReplicaOptions x = new XCdpReplicaOptions();
    while (nextChild(r)) {
      if (!inEm(r)) {
        skip(r);
        continue;
      }
      switch (r.getLocalName()) {
        case "RecoveryPointObjectiveSeconds" -> x.rpoSeconds = text(r);
        case "RecoveryPointObjectiveMinutes" -> x.rpoMinutes = text(r);
        case "RPOSchedule" -> x.rpoSchedule = schedule(r);
        case "RPOReporting" -> x.rpoReporting = rpoReporting(r);
        case "ShortTermRetentionMinutes" -> x.shortTermMinutes = text(r);
        case "ShortTermRetentionHours" -> x.shortTermHours = text(r);
        case "LongTermRetentionHours" -> x.longTermHours = text(r);
        case "LongTermRetentionKeepDays" -> x.longTermKeepDays = text(r);
        case "LongTermRetentionSchedule" -> x.longTermSchedule = schedule(r);
        default -> skip(r);
      }
    }
    return x;
  }

  private static XSchedule schedule(XMLStreamReader r) throws XMLStreamException {
    XSchedule x = new XSchedule();
    x.enabled = attribute(r, "Enabled");
    skip(r);
    return x;
  }

  private static XRpoReporting rpoReporting(XMLStreamReader r) throws XMLStreamException {
    XRpoReporting x = new XRpoReporting();
    while (nextChild(r)) {
      if (is(r, "MarkAsWarning")) {
        x.warning = threshold(r);
      } else if (is(r, "MarkAsFailed")) {
        x.failed = threshold(r);
      } else {
        skip(r);
      }
    }
    return x;
  }

  private static XRpoThreshold threshold(XMLStreamReader r) throws XMLStreamException {
    XRpoThreshold x = new XRpoThreshold();
    while (nextChild(r)) {
      if (is(r, "Enabled")) {
        x.enabled = text(r);
      } else if (is(r, "RPOThresholdSeconds")) {
        x.seconds = text(r);
      } else if (is(r, "RPOThresholdMinutes")) {
        x.minutes = text(r);
      } else {
        skip(r);
      }
    }
    return x;
  }

  private static XCdpPolicyInfo policyInfo(XMLStreamReader r) throws XMLStreamException {
    XCdpPolicyInfo x = new XCdpPolicyInfo();
    while (nextChild(r)) {
      if (is(r, "CdpReplicaPolicyInfo")) {
        XCdpReplicaPolicyInfo replica = new XCdpReplicaPolicyInfo();
        while (nextChild(r)) {
          if (is(r, "Includes")) {
            includes(r, replica.includes);
          } else {
            skip(r);
          }
        }
        x.replica = replica;
      } else {
        skip(r);
      }
    }
    return x;
  }

  /** The objects of an {@code Includes} wrapper; a repeated wrapper replaces an earlier one. */
  private static void includes(XMLStreamReader r, List<XObjectInJob> into)
      throws XMLStreamException {
    into.clear();
    while (nextChild(r)) {
      if (!is(r, "ObjectInJob")) {
        skip(r);
        continue;
      }
      XObjectInJob o = new XObjectInJob();
      while (nextChild(r)) {
        if (is(r, "HierarchyObjRef")) {
          o.hierarchyObjRef = text(r);
        } else if (is(r, "Name")) {
          o.name = text(r);
        } else if (is(r, "DisplayName")) {
          o.displayName = text(r);
        } else {
          skip(r);
        }
      }
      into.add(o);
    }
  }

  private static XPagingInfo pagingInfo(XMLStreamReader r) throws XMLStreamException {
    XPagingInfo x = new XPagingInfo();
    for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
      if (!unqualified(r, i)) {
        continue;
      }
      switch (r.getAttributeLocalName(i)) {
        case "PageNum" -> x.pageNum = r.getAttributeValue(i);
        case "PageSize" -> x.pageSize = r.getAttributeValue(i);
        case "PagesCount" -> x.pagesCount = r.getAttributeValue(i);
        default -> {
          // not bound
        }
      }
    }
    while (nextChild(r)) {
      if (is(r, "Links")) {
        links(r, x.links);
      } else {
        skip(r);
      }
    }
    return x;
  }

  /**
   * The {@code Link} children of a {@code Links} element into {@code into}; as with JAXB, a
   * repeated wrapper replaces what an earlier one held.
   */
  private static void links(XMLStreamReader r, List<XLink> into) throws XMLStreamException {
    into.clear();
    while (nextChild(r)) {
      if (!is(r, "Link")) {
        skip(r);
        continue;
      }
      XLink link = new XLink();
      for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
        if (!unqualified(r, i)) {
          continue;
        }
        switch (r.getAttributeLocalName(i)) {
          case "Rel" -> link.rel = r.getAttributeValue(i);
          case "Type" -> link.type = r.getAttributeValue(i);
          case "Href" -> link.href = r.getAttributeValue(i);
          case "Name" -> link.name = r.getAttributeValue(i);
          default -> {
            // not bound
          }
        }
      }
      skip(r);
      into.add(link);
    }
  }

  // ---------------------------------------------------------------- reading helpers

  private static void resourceAttributes(XMLStreamReader r, XResource x) {
    for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
      if (unqualified(r, i)) {
        resourceAttribute(x, r, i);
      }
    }
  }

  /** Binds attribute {@code i} when it is one every resource has; false for any other. */
  private static boolean resourceAttribute(XResource x, XMLStreamReader r, int i) {
    switch (r.getAttributeLocalName(i)) {
      case "Type" -> x.type = r.getAttributeValue(i);
      case "Href" -> x.href = r.getAttributeValue(i);
      case "Name" -> x.name = r.getAttributeValue(i);
      case "UID" -> x.uid = r.getAttributeValue(i);
      default -> {
        return false;
      }
    }
    return true;
  }

  private static String attribute(XMLStreamReader r, String name) {
    String value = null;
    for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
      if (unqualified(r, i) && r.getAttributeLocalName(i).equals(name)) {
        value = r.getAttributeValue(i);
      }
    }
    return value;
  }

  private static boolean unqualified(XMLStreamReader r, int attribute) {
    String ns = r.getAttributeNamespace(attribute);
    return ns == null || ns.isEmpty();
  }

  /** Whether the current element is in EM's namespace, as every bound element must be. */
  private static boolean inEm(XMLStreamReader r) {
    return EmXml.NS.equals(r.getNamespaceURI());
  }

  private static boolean is(XMLStreamReader r, String local) {
    return inEm(r) && r.getLocalName().equals(local);
  }

  /**
   * Moves to the next child element of the current element: true on its START_ELEMENT, false on the
   * current element's END_ELEMENT.
   */
  private static boolean nextChild(XMLStreamReader r) throws XMLStreamException {
    while (true) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        return true;
      }
      if (event == XMLStreamConstants.END_ELEMENT) {
        return false;
      }
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw new CdpSourceException(
            CdpSourceException.Kind.PROTOCOL, "EM's answer ended in the middle of the document");
      }
    }
  }

  /**
   * The text of the current element as JAXB binds it: after its last child element, if any; absent
   * for an {@code xsi:nil} element. Leaves the reader on its END_ELEMENT.
   */
  private static String text(XMLStreamReader r) throws XMLStreamException {
    boolean nil = "true".equals(r.getAttributeValue(EmXml.XSI, "nil"));
    String first = null;
    StringBuilder more = null;
    while (true) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.CHARACTERS,
            XMLStreamConstants.CDATA,
            XMLStreamConstants.SPACE,
            XMLStreamConstants.ENTITY_REFERENCE -> {
          String piece = r.getText();
          if (first == null) {
            first = piece;
          } else {
            if (more == null) {
              more = new StringBuilder(first);
            }
            more.append(piece);
          }
        }
        case XMLStreamConstants.START_ELEMENT -> {
          // As JAXB binds it: the text after the last child element.
          skip(r);
          first = null;
          more = null;
        }
        case XMLStreamConstants.END_ELEMENT -> {
          if (nil) {
            return null;
          }
          return more != null ? more.toString() : first != null ? first : "";
        }
        case XMLStreamConstants.END_DOCUMENT ->
            throw new CdpSourceException(
                CdpSourceException.Kind.PROTOCOL,
                "EM's answer ended in the middle of the document");
        default -> {
          // comments and processing instructions carry no value
        }
      }
    }
  }

  /** Skips the current element, leaving the reader on its END_ELEMENT. */
  private static void skip(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (event == XMLStreamConstants.END_DOCUMENT) {
        throw new CdpSourceException(
            CdpSourceException.Kind.PROTOCOL, "EM's answer ended in the middle of the document");
      }
    }
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
}
