package io.cdpwatch.emsim;

import java.io.IOException;
import java.time.Duration;

/**
 * Writes EM's XML representations straight to the response. One instance per response: it knows the
 * base URL ({@code .../api}) and the body-shaping faults in force.
 */
final class Render {
  final Scenario s;
  final String api;
  final boolean unknownEnums;
  final boolean unknownElements;

  Render(Scenario s, String api, boolean unknownEnums, boolean unknownElements) {
    this.s = s;
    this.api = api;
    this.unknownEnums = unknownEnums;
    this.unknownElements = unknownElements;
  }

  static String name(TaskSession t) {
    return t.vmName() + "@" + Times.nameSuffix(t.created());
  }

  static String name(Scenario s, PolicySession p) {
    return s.policy(p.policyId()).name() + "@" + Times.nameSuffix(p.created());
  }

  static BackupServer server(Scenario s, TaskSession t) {
    return s.server(s.policy(s.policySession(t.policySessionId()).policyId()).serverId());
  }

  // ---- links

  private void link(Xml x, String rel, String type, String href, String name) throws IOException {
    x.raw("\n    ").open("Link").attr("Rel", rel);
    if (type != null) {
      x.attr("Type", type);
    }
    x.attr("Href", href);
    if (name != null) {
      x.attr("Name", name);
    }
    x.empty();
  }

  private void serverUp(Xml x, BackupServer b) throws IOException {
    link(x, "Up", "BackupServerReference", api + "/backupServers/" + b.id(), b.name());
  }

  private void head(Xml x, String element, boolean ns, String type, String href, String name)
      throws IOException {
    x.open(element);
    if (ns) {
      x.attr("xmlns", Xml.NS);
    }
    x.attr("Type", type).attr("Href", href).attr("Name", name);
  }

  private void extraAttr(Xml x) throws IOException {
    if (unknownElements) {
      x.attr("FutureAttribute", "preview");
    }
  }

  private void extraElement(Xml x) throws IOException {
    if (unknownElements) {
      x.raw("\n  <FutureElement Kind=\"preview\"><Nested Level=\"2\">text</Nested><Empty />")
          .raw("</FutureElement>");
    }
  }

  private String state(String v) {
    return unknownEnums ? "Postprocessing" : v;
  }

  private String result(String v) {
    return unknownEnums ? "None" : v;
  }

  // ---- task sessions

  void taskRef(Xml x, TaskSession t, String element, boolean ns) throws IOException {
    PolicySession ps = s.policySession(t.policySessionId());
    String href = api + "/cdpReplicaTaskSessions/" + t.id();
    head(x, element, ns, "CdpReplicaTaskSessionReference", href, name(t));
    x.attr("UID", t.uid());
    extraAttr(x);
    x.close().raw("\n  <Links>");
    serverUp(x, server(s, t));
    link(
        x, "Up", "CdpReplicaSessionReference", api + "/cdpReplicaSessions/" + ps.id(), name(s, ps));
    link(x, "Alternate", "CdpReplicaTaskSession", href + "?format=Entity", name(t));
    x.raw("\n  </Links>");
    extraElement(x);
    x.nl().end(element);
  }

  void task(Xml x, TaskSession t, String element, boolean ns) throws IOException {
    PolicySession ps = s.policySession(t.policySessionId());
    // EM's documented quirk: the entity Href says /replicaTaskSessions.
    head(
        x,
        element,
        ns,
        "CdpReplicaTaskSession",
        api + "/replicaTaskSessions/" + t.id() + "?format=Entity",
        name(t));
    x.attr("UID", t.uid()).attr("VmDisplayName", t.vmName());
    extraAttr(x);
    x.close().raw("\n  <Links>");
    serverUp(x, server(s, t));
    link(
        x, "Up", "CdpReplicaSessionReference", api + "/cdpReplicaSessions/" + ps.id(), name(s, ps));
    link(
        x,
        "Alternate",
        "CdpReplicaTaskSessionReference",
        api + "/cdpReplicaTaskSessions/" + t.id(),
        name(t));
    x.raw("\n  </Links>");
    extraElement(x);
    x.raw("\n  ").element("PolicySessionUid", ps.uid());
    x.raw("\n  ").element("CreationTimeUTC", Times.utc(t.created()));
    if (t.ended() != null) {
      x.raw("\n  ").element("EndTimeUTC", Times.utc(t.ended()));
    }
    x.raw("\n  ").element("State", state(t.state()));
    x.raw("\n  ").element("Result", result(t.result()));
    if (t.reason() != null) {
      x.raw("\n  ").element("Reason", t.reason());
    }
    x.raw("\n  ").element("TotalSize", Long.toString(t.totalSize()));
    x.nl().end(element);
  }

  // ---- policy sessions

  void sessionRef(Xml x, PolicySession p, String element, boolean ns) throws IOException {
    CdpPolicy pol = s.policy(p.policyId());
    String href = api + "/cdpReplicaSessions/" + p.id();
    head(x, element, ns, "CdpReplicaSessionReference", href, name(s, p));
    x.attr("UID", p.uid());
    extraAttr(x);
    x.close().raw("\n  <Links>");
    serverUp(x, s.server(pol.serverId()));
    link(x, "Up", "CdpPolicyReference", api + "/cdpPolicies/" + pol.id(), pol.name());
    link(x, "Alternate", "CdpReplicaSession", href + "?format=Entity", name(s, p));
    link(x, "Down", "CdpReplicaTaskSessionReferenceList", href + "/cdpReplicaTaskSessions", null);
    x.raw("\n  </Links>");
    extraElement(x);
    x.nl().end(element);
  }

  void session(Xml x, PolicySession p, String element, boolean ns) throws IOException {
    CdpPolicy pol = s.policy(p.policyId());
    String href = api + "/cdpReplicaSessions/" + p.id();
    head(x, element, ns, "CdpReplicaSession", href + "?format=Entity", name(s, p));
    x.attr("UID", p.uid());
    extraAttr(x);
    x.close().raw("\n  <Links>");
    serverUp(x, s.server(pol.serverId()));
    link(x, "Up", "CdpPolicyReference", api + "/cdpPolicies/" + pol.id(), pol.name());
    link(x, "Alternate", "CdpReplicaSessionReference", href, name(s, p));
    link(x, "Down", "CdpReplicaTaskSessionReferenceList", href + "/cdpReplicaTaskSessions", null);
    x.raw("\n  </Links>");
    extraElement(x);
    x.raw("\n  ").element("PolicyUid", pol.uid());
    x.raw("\n  ").element("PolicyName", pol.name());
    x.raw("\n  ").element("PolicyType", "CdpReplica");
    x.raw("\n  ").element("CreationTimeUTC", Times.utc(p.created()));
    if (p.ended() != null) {
      x.raw("\n  ").element("EndTimeUTC", Times.utc(p.ended()));
    }
    x.raw("\n  ").element("State", state(p.state()));
    x.raw("\n  ").element("Result", result(p.result()));
    x.raw("\n  ").element("Progress", Integer.toString(p.progress()));
    x.raw("\n  ").element("FailureMessage", p.failureMessage());
    x.raw("\n  ").element("IsRetry", Boolean.toString(p.retry()));
    x.nl().end(element);
  }

  // ---- policies

  void policyRef(Xml x, CdpPolicy p, String element, boolean ns) throws IOException {
    String href = api + "/cdpPolicies/" + p.id();
    head(x, element, ns, "CdpPolicyReference", href, p.name());
    x.attr("UID", p.uid());
    extraAttr(x);
    x.close().raw("\n  <Links>");
    serverUp(x, s.server(p.serverId()));
    link(x, "Alternate", "CdpPolicy", href + "?format=Entity", p.name());
    link(x, "Down", "CdpReplicaSessionReferenceList", href + "/cdpReplicaSessions", null);
    x.raw("\n  </Links>");
    extraElement(x);
    x.nl().end(element);
  }

  void policy(Xml x, CdpPolicy p, String element, boolean ns) throws IOException {
    String href = api + "/cdpPolicies/" + p.id();
    head(x, element, ns, "CdpPolicy", href + "?format=Entity", p.name());
    x.attr("UID", p.uid());
    extraAttr(x);
    x.close().raw("\n  <Links>");
    serverUp(x, s.server(p.serverId()));
    link(x, "Alternate", "CdpPolicyReference", href, p.name());
    link(x, "Edit", "CdpPolicy", href + "?action=edit", p.name());
    if (p.scheduleEnabled()) {
      link(x, "Disable", null, href + "?action=disable", null);
    } else {
      link(x, "Enable", null, href + "?action=enable", null);
    }
    link(x, "Down", "CdpPolicyIncludeList", href + "/includes", null);
    link(x, "Create", "CdpPolicyIncludeList", href + "/includes", null);
    link(x, "Down", "CdpReplicaSessionReferenceList", href + "/cdpReplicaSessions", null);
    x.raw("\n  </Links>");
    extraElement(x);
    x.raw("\n  ").element("PolicyType", "CdpReplica");
    x.raw("\n  ").element("Platform", p.platform());
    x.raw("\n  ").element("Description", p.description());
    x.raw("\n  ").element("ScheduleConfigured", Boolean.toString(p.scheduleConfigured()));
    x.raw("\n  ").element("ScheduleEnabled", Boolean.toString(p.scheduleEnabled()));
    if (p.nextRun() != null) {
      x.raw("\n  ").element("NextRun", Times.utc(p.nextRun()));
    }
    if (p.settings() != null) {
      settings(x, p.settings());
    }
    x.raw("\n  <CdpPolicyInfo>\n    <CdpReplicaPolicyInfo>\n      <Includes>");
    for (Include include : s.includesOf(p.id())) {
      x.raw("\n        ").open("ObjectInJob").attr("Type", "ObjectInJob");
      x.attr("Href", href + "/includes/" + include.id()).close();
      x.raw("\n          ").element("ObjectInJobId", include.id());
      x.raw("\n          ").element("HierarchyObjRef", include.hierarchyRef());
      x.raw("\n          ").element("Name", include.name());
      x.raw("\n          ").element("DisplayName", include.name());
      x.raw("\n        </ObjectInJob>");
    }
    x.raw("\n      </Includes>\n    </CdpReplicaPolicyInfo>\n  </CdpPolicyInfo>");
    x.nl().end(element);
  }

  /** {@code PolicyScheduleOptions/CdpReplica} as EM writes it: seconds and minutes side by side. */
  private static void settings(Xml x, PolicySettings settings) throws IOException {
    x.raw("\n  <PolicyScheduleOptions>\n    <CdpReplica>");
    x.raw("\n      ").element("RecoveryPointObjectiveSeconds", seconds(settings.rpo()));
    x.raw("\n      ").element("RecoveryPointObjectiveMinutes", minutes(settings.rpo()));
    x.raw("\n      <RPOSchedule Enabled=\"false\" />");
    x.raw("\n      <RPOReporting>");
    rpoThreshold(x, "MarkAsWarning", settings.rpoWarning());
    rpoThreshold(x, "MarkAsFailed", settings.rpoFailed());
    x.raw("\n      </RPOReporting>");
    x.raw("\n      ")
        .element(
            "ShortTermRetentionMinutes", Integer.toString(settings.shortTerm().toMinutesPart()));
    x.raw("\n      ")
        .element("ShortTermRetentionHours", Long.toString(settings.shortTerm().toHours()));
    x.raw("\n      ").element("LongTermRetentionHours", Integer.toString(settings.longTermHours()));
    x.raw("\n      ").element("LongTermRetentionKeepDays", Integer.toString(settings.keepDays()));
    x.raw("\n      <LongTermRetentionSchedule Enabled=\"false\" />");
    x.raw("\n    </CdpReplica>\n  </PolicyScheduleOptions>");
  }

  private static void rpoThreshold(Xml x, String element, Duration threshold) throws IOException {
    x.raw("\n        <" + element + ">");
    x.raw("\n          ").element("Enabled", Boolean.toString(threshold != null));
    Duration value = threshold == null ? Duration.ZERO : threshold;
    x.raw("\n          ").element("RPOThresholdSeconds", seconds(value));
    x.raw("\n          ").element("RPOThresholdMinutes", minutes(value));
    x.raw("\n        </" + element + ">");
  }

  /** The seconds part of {@code d} below a minute, as EM splits an RPO. */
  private static String seconds(Duration d) {
    return Long.toString(d.toSecondsPart());
  }

  private static String minutes(Duration d) {
    return Long.toString(d.toMinutes());
  }

  // ---- backup servers

  private void serverDownLinks(Xml x, String href) throws IOException {
    link(x, "Down", "JobReferenceList", href + "/jobs", null);
    link(x, "Down", "ManagedServerReferenceList", href + "/managedServers", null);
    link(x, "Down", "RepositoryReferenceList", href + "/repositories", null);
    link(x, "Down", "CredentialsInfoList", href + "/credentials", null);
  }

  void serverRef(Xml x, BackupServer b, String element, boolean ns) throws IOException {
    String href = api + "/backupServers/" + b.id();
    head(x, element, ns, "BackupServerReference", href, b.name());
    x.attr("UID", b.uid());
    extraAttr(x);
    x.close().raw("\n  <Links>");
    link(x, "Alternate", "BackupServer", href + "?format=Entity", b.name());
    serverDownLinks(x, href);
    x.raw("\n  </Links>");
    extraElement(x);
    x.nl().end(element);
  }

  void server(Xml x, BackupServer b, String element, boolean ns) throws IOException {
    String href = api + "/backupServers/" + b.id();
    head(x, element, ns, "BackupServer", href + "?format=Entity", b.name());
    x.attr("UID", b.uid());
    extraAttr(x);
    x.close().raw("\n  <Links>");
    link(x, "Alternate", "BackupServerReference", href, b.name());
    link(x, "Edit", "BackupServer", href, b.name());
    link(x, "Delete", null, href, b.name());
    serverDownLinks(x, href);
    link(x, "Start", null, href + "?action=collect", null);
    x.raw("\n  </Links>");
    extraElement(x);
    x.raw("\n  ").element("Description", b.description());
    x.raw("\n  ").element("Port", Integer.toString(b.port()));
    x.raw("\n  ").element("Version", b.version());
    x.raw("\n  ").element("WcfPort", Integer.toString(b.wcfPort()));
    x.raw("\n  ").element("VbrCertificateThumbprint", b.certificateThumbprint());
    x.nl().end(element);
  }

  // ---- generic dispatch by item class

  void ref(Xml x, Object o, String element, boolean ns) throws IOException {
    if (o instanceof TaskSession t) {
      taskRef(x, t, element, ns);
    } else if (o instanceof PolicySession p) {
      sessionRef(x, p, element, ns);
    } else if (o instanceof CdpPolicy p) {
      policyRef(x, p, element, ns);
    } else {
      serverRef(x, (BackupServer) o, element, ns);
    }
  }

  /**
   * The entity with its own element name ({@code CdpPolicySession} for policy sessions in query).
   */
  void entity(Xml x, Object o, boolean inQuery, boolean ns) throws IOException {
    if (o instanceof TaskSession t) {
      task(x, t, "CdpReplicaTaskSession", ns);
    } else if (o instanceof PolicySession p) {
      session(x, p, inQuery ? "CdpPolicySession" : "CdpReplicaSession", ns);
    } else if (o instanceof CdpPolicy p) {
      policy(x, p, "CdpPolicy", ns);
    } else {
      server(x, (BackupServer) o, "BackupServer", ns);
    }
  }

  /** The plural list element of a type: {@code CdpReplicaTaskSessions}, ... */
  static String listElement(Query.Type t) {
    if (t == Query.POLICY) {
      return "CdpPolicies";
    }
    return t.name + "s";
  }
}
