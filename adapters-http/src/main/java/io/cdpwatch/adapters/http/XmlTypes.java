package io.cdpwatch.adapters.http;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import java.util.ArrayList;
import java.util.List;

/**
 * JAXB bindings of the EM representations the adapter reads (namespace {@value EmXml#NS}, see
 * {@code package-info}). Every value is kept as text and converted by {@link EmMapper}, so that an
 * odd value is reported in domain terms rather than as a binding error. Unknown elements and
 * attributes are ignored by JAXB; missing ones stay {@code null}.
 */
final class XmlTypes {

  private XmlTypes() {}

  /** {@code <Link Rel Type Href Name/>}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XLink {
    @XmlAttribute(name = "Rel")
    String rel;

    @XmlAttribute(name = "Type")
    String type;

    @XmlAttribute(name = "Href")
    String href;

    @XmlAttribute(name = "Name")
    String name;
  }

  /** What every EM resource has: Type, Href, Name, UID and links. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static class XResource {
    @XmlAttribute(name = "Type")
    String type;

    @XmlAttribute(name = "Href")
    String href;

    @XmlAttribute(name = "Name")
    String name;

    @XmlAttribute(name = "UID")
    String uid;

    @XmlElementWrapper(name = "Links")
    @XmlElement(name = "Link")
    List<XLink> links = new ArrayList<>();
  }

  /** {@code CdpReplicaTaskSession}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XTaskSession extends XResource {
    @XmlAttribute(name = "VmDisplayName")
    String vmDisplayName;

    @XmlElement(name = "PolicySessionUid")
    String policySessionUid;

    @XmlElement(name = "CreationTimeUTC")
    String creationTime;

    @XmlElement(name = "EndTimeUTC")
    String endTime;

    @XmlElement(name = "State")
    String state;

    @XmlElement(name = "Result")
    String result;

    @XmlElement(name = "Reason")
    String reason;

    @XmlElement(name = "TotalSize")
    String totalSize;
  }

  /** {@code CdpReplicaSession}, also as {@code CdpPolicySession Type="CdpReplicaSession"}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XPolicySession extends XResource {
    @XmlElement(name = "PolicyUid")
    String policyUid;

    @XmlElement(name = "PolicyName")
    String policyName;

    @XmlElement(name = "PolicyType")
    String policyType;

    @XmlElement(name = "CreationTimeUTC")
    String creationTime;

    @XmlElement(name = "EndTimeUTC")
    String endTime;

    @XmlElement(name = "State")
    String state;

    @XmlElement(name = "Result")
    String result;

    @XmlElement(name = "Progress")
    String progress;

    @XmlElement(name = "FailureMessage")
    String failureMessage;

    @XmlElement(name = "IsRetry")
    String retry;
  }

  /** {@code CdpPolicy}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XPolicy extends XResource {
    @XmlElement(name = "PolicyType")
    String policyType;

    @XmlElement(name = "Platform")
    String platform;

    @XmlElement(name = "Description")
    String description;

    @XmlElement(name = "ScheduleConfigured")
    String scheduleConfigured;

    @XmlElement(name = "ScheduleEnabled")
    String scheduleEnabled;

    @XmlElement(name = "NextRun")
    String nextRun;
  }

  /** {@code BackupServer}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XBackupServer extends XResource {
    @XmlElement(name = "Description")
    String description;

    @XmlElement(name = "Port")
    String port;

    @XmlElement(name = "Version")
    String version;

    @XmlElement(name = "WcfPort")
    String wcfPort;

    @XmlElement(name = "VbrCertificateThumbprint")
    String certificateThumbprint;
  }

  /** {@code LogonSession}: the body of a logon. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XLogonSession extends XResource {
    @XmlElement(name = "UserName")
    String userName;

    @XmlElement(name = "SessionId")
    String sessionId;
  }

  /** {@code PagingInfo} of a query result. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XPagingInfo {
    @XmlAttribute(name = "PageNum")
    String pageNum;

    @XmlAttribute(name = "PageSize")
    String pageSize;

    @XmlAttribute(name = "PagesCount")
    String pagesCount;

    @XmlElementWrapper(name = "Links")
    @XmlElement(name = "Link")
    List<XLink> links = new ArrayList<>();
  }

  /** {@code EnterpriseManager}: the API root. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XEnterpriseManager {
    @XmlElementWrapper(name = "SupportedVersions")
    @XmlElement(name = "SupportedVersion")
    List<XSupportedVersion> versions = new ArrayList<>();
  }

  /** {@code SupportedVersion Name="v1_7"}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XSupportedVersion {
    @XmlAttribute(name = "Name")
    String name;
  }

  /** {@code Error Message StatusCode Status}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XError {
    @XmlAttribute(name = "Message")
    String message;

    @XmlAttribute(name = "StatusCode")
    String statusCode;

    @XmlAttribute(name = "Status")
    String status;
  }
}
