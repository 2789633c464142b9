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

    @XmlElement(name = "PolicyScheduleOptions")
    XPolicyScheduleOptions scheduleOptions;

    @XmlElement(name = "CdpPolicyInfo")
    XCdpPolicyInfo info;
  }

  /** {@code PolicyScheduleOptions}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XPolicyScheduleOptions {
    @XmlElement(name = "CdpReplica")
    XCdpReplicaOptions cdpReplica;
  }

  /** {@code PolicyScheduleOptions/CdpReplica}: what the policy promises. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XCdpReplicaOptions {
    @XmlElement(name = "RecoveryPointObjectiveSeconds")
    String rpoSeconds;

    @XmlElement(name = "RecoveryPointObjectiveMinutes")
    String rpoMinutes;

    @XmlElement(name = "RPOSchedule")
    XSchedule rpoSchedule;

    @XmlElement(name = "RPOReporting")
    XRpoReporting rpoReporting;

    @XmlElement(name = "ShortTermRetentionMinutes")
    String shortTermMinutes;

    @XmlElement(name = "ShortTermRetentionHours")
    String shortTermHours;

    @XmlElement(name = "LongTermRetentionHours")
    String longTermHours;

    @XmlElement(name = "LongTermRetentionKeepDays")
    String longTermKeepDays;

    @XmlElement(name = "LongTermRetentionSchedule")
    XSchedule longTermSchedule;
  }

  /** A schedule's {@code Enabled} attribute; its time periods are not needed. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XSchedule {
    @XmlAttribute(name = "Enabled")
    String enabled;
  }

  /** {@code RPOReporting}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XRpoReporting {
    @XmlElement(name = "MarkAsWarning")
    XRpoThreshold warning;

    @XmlElement(name = "MarkAsFailed")
    XRpoThreshold failed;
  }

  /** {@code MarkAsWarning} / {@code MarkAsFailed}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XRpoThreshold {
    @XmlElement(name = "Enabled")
    String enabled;

    @XmlElement(name = "RPOThresholdSeconds")
    String seconds;

    @XmlElement(name = "RPOThresholdMinutes")
    String minutes;
  }

  /** {@code CdpPolicyInfo}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XCdpPolicyInfo {
    @XmlElement(name = "CdpReplicaPolicyInfo")
    XCdpReplicaPolicyInfo replica;
  }

  /** {@code CdpPolicyInfo/CdpReplicaPolicyInfo}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XCdpReplicaPolicyInfo {
    @XmlElementWrapper(name = "Includes")
    @XmlElement(name = "ObjectInJob")
    List<XObjectInJob> includes = new ArrayList<>();
  }

  /** {@code ObjectInJob}: one object a policy includes. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class XObjectInJob {
    @XmlElement(name = "HierarchyObjRef")
    String hierarchyObjRef;

    @XmlElement(name = "Name")
    String name;

    @XmlElement(name = "DisplayName")
    String displayName;
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
