package io.cdpwatch.adapters.zabbix.templates;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one source of the two importable Zabbix 6.0 templates under {@code contrib/zabbix/}: "Veeam
 * CDP by Zabbix trapper" (master: trapper item {@code veeam.cdp.raw}, fed by {@code zbx_veeam_cdp
 * send}) and "Veeam CDP by external check" (master: external check {@code zbx_veeam_cdp["collect",
 * ...]}). Both share every dependent item, discovery rule, prototype, trigger, graph, value map and
 * dashboard defined here; only the master item, the template's name, description and UUIDs, the
 * connection macros (which only the external check uses) and the host part of the trigger
 * expressions differ.
 *
 * <p>The output is the YAML of a Zabbix 6.0 export, written by {@link Yaml} with the quoting rules
 * of Zabbix's own exports (plain where that is unambiguous, single-quoted otherwise, literal blocks
 * for scripts). Every entity has a fixed UUIDv4 written below, one per template: Zabbix matches
 * entities by UUID on a re-import, so a UUID must never change once shipped (a renamed item keeps
 * its UUID and its history). {@code TemplatesTest} keeps the shipped files identical to {@link
 * #yaml(Flavour)}; {@code CDPWATCH_TEMPLATE_UPDATE=1 mvn -pl adapters-zabbix test} rewrites them.
 */
public final class TemplateSource {

  /** The two templates. */
  public enum Flavour {
    TRAPPER("Veeam CDP by Zabbix trapper", "veeam_cdp_trapper.yaml"),
    EXTERNAL("Veeam CDP by external check", "veeam_cdp_external.yaml");

    private final String template;
    private final String fileName;

    Flavour(String template, String fileName) {
      this.template = template;
      this.fileName = fileName;
    }

    /** The template's technical name, also its visible name and the host part of expressions. */
    public String template() {
      return template;
    }

    /** The file name under {@code contrib/zabbix/}. */
    public String fileName() {
      return fileName;
    }

    /** The key of the master item every dependent item and discovery rule reads. */
    public String masterKey() {
      return this == TRAPPER ? TRAPPER_KEY : EXTERNAL_KEY;
    }
  }

  /** Zabbix's own UUID of the group "Templates/Applications" (the same in all its exports). */
  public static final String GROUP_UUID = "a571c0d144b14fd4a87a9d9b2aa9fcd6";

  public static final String GROUP = "Templates/Applications";

  public static final String TRAPPER_KEY = "veeam.cdp.raw";

  /**
   * The external check: the server (or proxy) runs {@code ExternalScripts/zbx_veeam_cdp} with each
   * key parameter as one single-quoted argument. An option given inline with an empty value counts
   * as not given, so an empty macro passes nothing.
   */
  public static final String EXTERNAL_KEY =
      "zbx_veeam_cdp[\"collect\",\"--url={$VEEAM.CDP.EM.URL}\",\"--username={$VEEAM.CDP.USER}\","
          + "\"--password-file={$VEEAM.CDP.PASSWORD.FILE}\",\"--fingerprint={$VEEAM.CDP.FINGERPRINT}\","
          + "\"--ca-file={$VEEAM.CDP.CA.FILE}\",\"--timeout={$VEEAM.CDP.TIMEOUT}\","
          + "\"--lookback={$VEEAM.CDP.LOOKBACK}\",\"--session-cache={$VEEAM.CDP.SESSION.CACHE}\","
          + "\"--snapshot-max-age={$VEEAM.CDP.SNAPSHOT.MAX_AGE}\"]";

  /** Stands for the template's name in trigger expressions until a flavour is rendered. */
  private static final String HOST = "{TEMPLATE}";

  private static final String VALUE_MAP = "Veeam CDP state";

  private TemplateSource() {}

  /** The exact text of one template file. */
  public static String yaml(Flavour flavour) {
    return Yaml.emit(document(flavour));
  }

  // ---------------------------------------------------------------------------------------------
  // The model: what both templates hold.
  // ---------------------------------------------------------------------------------------------

  /** A fixed UUIDv4 per template. */
  record Ids(String trapper, String external) {
    String in(Flavour flavour) {
      return flavour == Flavour.TRAPPER ? trapper : external;
    }
  }

  enum ValueType {
    UNSIGNED,
    FLOAT,
    CHAR,
    TEXT;

    boolean text() {
      return this == CHAR || this == TEXT;
    }
  }

  record Step(String type, List<String> parameters, String errorHandler) {}

  record Tag(String tag, String value) {}

  record Trigger(
      Ids ids,
      String name,
      String expression,
      String priority,
      String opdata,
      String description,
      List<Trigger> dependencies) {}

  record Item(
      Ids ids,
      String key,
      String name,
      ValueType valueType,
      String units,
      boolean stateMap,
      String description,
      List<Step> steps,
      List<Tag> tags,
      List<Trigger> triggers) {}

  record GraphItem(String key, String color) {}

  record Graph(Ids ids, String name, String type, List<GraphItem> items) {}

  record Condition(String macro, String value, String operator, String formulaId) {}

  record Rule(
      Ids ids,
      String key,
      String name,
      String description,
      String script,
      Map<String, String> macroPaths,
      List<Condition> filter,
      List<Item> prototypes,
      List<Trigger> triggers,
      List<Graph> graphs) {}

  record Macro(String macro, String value, String description, boolean externalOnly) {}

  private static Ids ids(String trapper, String external) {
    return new Ids(trapper, external);
  }

  private static String last(String key) {
    return "last(/" + HOST + "/" + key + ")";
  }

  private static Step jsonPath(String path, boolean discardOnFailure) {
    return new Step("JSONPATH", List.of(path), discardOnFailure ? "DISCARD_VALUE" : null);
  }

  private static Step javaScript(String script) {
    return new Step("JAVASCRIPT", List.of(script), null);
  }

  private static Step heartbeat(String period) {
    return new Step("DISCARD_UNCHANGED_HEARTBEAT", List.of(period), null);
  }

  private static Step boolToDecimal() {
    return new Step("BOOL_TO_DECIMAL", List.of(""), null);
  }

  /** The JSONPath of one field of the VM ({@code vms}) or policy ({@code policies}) with an id. */
  static String filterPath(String array, String idMacro, String field) {
    return "$." + array + "[?(@.id=='" + idMacro + "')]." + field + ".first()";
  }

  // --- collector health ---------------------------------------------------------------------

  private static final String ERROR_KEY = "veeam.cdp.error";
  private static final String COLLECTED_KEY = "veeam.cdp.collected";

  /**
   * {@code error} is {@code null} on success: JSONPath treats a JSON null and an absent field
   * differently, so a script decides. A value that is no collect document at all (a launcher or JVM
   * failure printed instead) is a failure too, with its beginning as the text.
   */
  static final String ERROR_SCRIPT =
      """
      var d;
      try {
          d = JSON.parse(value);
      }
      catch (e) {
          return 'zbx_veeam_cdp printed no collect document: ' + value.substring(0, 300);
      }
      if (d === null || typeof d !== 'object') {
          return 'zbx_veeam_cdp printed no collect document: ' + value.substring(0, 300);
      }
      return (d.error === null || d.error === undefined) ? '' : String(d.error);
      """;

  static final Trigger COLLECTION_FAILED =
      new Trigger(
          ids("313b2877055d47dba0b11031a536d9b4", "5d4e5fc0aedd455fa93c38f3a39744fe"),
          "Veeam CDP: collection failed",
          "length(" + last(ERROR_KEY) + ")>0",
          "HIGH",
          wholeText(1),
          "zbx_veeam_cdp could not read Enterprise Manager (the reason is the operational data)."
              + " The VM and policy triggers depend on this one: their values are stale until it"
              + " recovers.",
          List.of());

  static final Trigger NO_DATA =
      new Trigger(
          ids("482e7ec012934a5f9ce945607184903f", "bade737d515441eb9ee1395fcf7d8f83"),
          "Veeam CDP: no data for {$VEEAM.CDP.NODATA}",
          "nodata(/" + HOST + "/" + COLLECTED_KEY + ",{$VEEAM.CDP.NODATA})=1",
          "AVERAGE",
          null,
          "No collect document arrived for {$VEEAM.CDP.NODATA}: the timer (trapper set-up) or the"
              + " external check stopped, or the Zabbix server refuses the values.",
          List.of());

  private static final List<Trigger> HEALTH = List.of(COLLECTION_FAILED, NO_DATA);

  /**
   * The N-th item's last value as operational data, whole: the frontends cut a plain {@code
   * {ITEM.LASTVALUEn}} of text to 20 characters, but not the result of a macro function.
   */
  static String wholeText(int n) {
    return "{{ITEM.LASTVALUE" + n + "}.regsub(\"(.*)\", \\1)}";
  }

  static final Trigger NOTHING_VISIBLE =
      new Trigger(
          ids("ba30cd40c01b492e85397528419d7be2", "462a31574df84f0a8f5e6b3dc0c490ce"),
          "Veeam CDP: no CDP-replicated VM visible",
          "last(/" + HOST + "/veeam.cdp.vms)=0",
          "AVERAGE",
          null,
          "Enterprise Manager shows this account no CDP task session in the look-back window: CDP"
              + " is not configured, or the account lacks an Enterprise Manager role that sees it.",
          HEALTH);

  private static final String CERTIFICATE_KEY = "veeam.cdp.certificate.days";

  static final Trigger CERTIFICATE_EXPIRES =
      new Trigger(
          ids("9a1378b33395455bbc3d3209a3f088ea", "64741fb54c1d4fd3a57e3062cf581707"),
          "Veeam CDP: EM's certificate expires in less than {$VEEAM.CDP.CERT.WARN} days",
          last(CERTIFICATE_KEY) + "<{$VEEAM.CDP.CERT.WARN}",
          "WARNING",
          "Days left: {ITEM.LASTVALUE1}",
          "The server certificate Enterprise Manager presents expires soon, or has expired (a"
              + " negative number of days: accepted only because it is pinned or not verified)."
              + " Renew it, and give the new fingerprint beside the old one while it rotates.",
          HEALTH);

  private static final String CLOCK_KEY = "veeam.cdp.clock.offset";

  static final Trigger CLOCK_OFF =
      new Trigger(
          ids("a79a24b7e75a4c248793a5e650421771", "84ad4ffaef7c4612bf48dae5586cf1af"),
          "Veeam CDP: EM's clock is more than 5 minutes off",
          last(CLOCK_KEY) + "<>0",
          "WARNING",
          "Offset: {ITEM.LASTVALUE1}",
          "The clocks of Enterprise Manager and of the host running zbx_veeam_cdp differ by more"
              + " than 5 minutes. Ages are measured on EM's clock meanwhile, which dates the"
              + " sessions; set both by NTP.",
          HEALTH);

  private static List<Tag> tags(String component) {
    return List.of(new Tag("component", component));
  }

  static final List<Item> ITEMS =
      List.of(
          new Item(
              ids("e04af1f0013345d49f635966274b6782", "3b490fbe9971495a849a89fff20c46c4"),
              ERROR_KEY,
              "Veeam CDP: Collection error",
              ValueType.TEXT,
              null,
              false,
              "Why the last collection failed; empty when it succeeded.",
              List.of(javaScript(ERROR_SCRIPT), heartbeat("1h")),
              tags("health"),
              List.of(COLLECTION_FAILED)),
          new Item(
              ids("9a376862033f48ffa3b93bc17b17d772", "cbd746701f7248b085bd092f431cb552"),
              COLLECTED_KEY,
              "Veeam CDP: Collected at",
              ValueType.UNSIGNED,
              "unixtime",
              false,
              "When zbx_veeam_cdp collected the document; changes on every run, so that nodata()"
                  + " sees a stopped collector.",
              List.of(jsonPath("$.collected_clock", true)),
              tags("health"),
              List.of(NO_DATA)),
          new Item(
              ids("ff9c118af6054f91842180939c75ed52", "645c860bbb35445e8d12849e0cd6cdf1"),
              "veeam.cdp.state",
              "Veeam CDP: Overall state",
              ValueType.UNSIGNED,
              null,
              true,
              "The worst state of all selected VMs and policies: 0 OK, 1 Warning, 2 Critical,"
                  + " 3 Unknown (also when nothing was found or the collection failed).",
              List.of(jsonPath("$.state", false)),
              tags("cdp"),
              List.of()),
          new Item(
              ids("60684ac656ba4c3491223ccd654f3813", "c6e3b3450ae64bd69a3f07f8df3817c8"),
              CERTIFICATE_KEY,
              "Veeam CDP: EM certificate days left",
              ValueType.FLOAT,
              null,
              false,
              "Whole days until the certificate Enterprise Manager presents expires; negative once"
                  + " it has. Not collected over plain HTTP.",
              List.of(jsonPath("$.certificate_expires_in_days", true)),
              tags("health"),
              List.of(CERTIFICATE_EXPIRES)),
          new Item(
              ids("32543396a75e47079668eb931b74667d", "cd37e33913954e43836dbc9ec74ecff6"),
              CLOCK_KEY,
              "Veeam CDP: EM clock offset",
              ValueType.FLOAT,
              "s",
              false,
              "How far the clock of Enterprise Manager is ahead of this host's (negative: behind),"
                  + " by the Date of its answers; 0 while within 5 minutes.",
              List.of(jsonPath("$.em_clock_offset", true)),
              tags("health"),
              List.of(CLOCK_OFF)),
          new Item(
              ids("2f583e0694df4458a9fd2e3c6f35a270", "529c4a4fbc97449f95b7864d4ef8b8c3"),
              "veeam.cdp.vms",
              "Veeam CDP: VMs",
              ValueType.UNSIGNED,
              null,
              false,
              "VMs checked.",
              List.of(jsonPath("$.summary.vms", true)),
              tags("cdp"),
              List.of(NOTHING_VISIBLE)),
          count(
              "veeam.cdp.vms.ok",
              "Veeam CDP: VMs OK",
              "vms_ok",
              "VMs in state OK.",
              ids("c157d1f3f95545518607a250fc07aa73", "8eece1697fe3411e95b6df6d67de0309")),
          count(
              "veeam.cdp.vms.warning",
              "Veeam CDP: VMs warning",
              "vms_warning",
              "VMs in state Warning.",
              ids("0f54d9e3d04b4f44be6b4553998d1113", "2396c5cc8e804dc09866ac65d1ed2f3c")),
          count(
              "veeam.cdp.vms.failed",
              "Veeam CDP: VMs failed",
              "vms_failed",
              "VMs in state Critical.",
              ids("542f1181a1bd4a65b4f88ee653c9bbcb", "4e2ac65b4ae44726bf5b82b7f3d9382e")),
          count(
              "veeam.cdp.vms.unknown",
              "Veeam CDP: VMs unknown",
              "vms_unknown",
              "VMs in state Unknown.",
              ids("2235e6b21b1748e48300bf3164afd0b7", "9935e24ee11a443badd9c96b211c698c")),
          count(
              "veeam.cdp.policies",
              "Veeam CDP: Policies",
              "policies",
              "CDP policies checked.",
              ids("7358616dc3fd4ce4b0ec15272851f573", "779c1c115eb14b7983443e12ecc1f53c")),
          count(
              "veeam.cdp.policies.ok",
              "Veeam CDP: Policies OK",
              "policies_ok",
              "CDP policies in state OK.",
              ids("f755c525d10043549ecd641e80c6ae70", "c53486605718435abffbf90022ca9602")),
          count(
              "veeam.cdp.policies.warning",
              "Veeam CDP: Policies warning",
              "policies_warning",
              "CDP policies in state Warning (disabled in Veeam B&R without sessions).",
              ids("da8714c423344c3d8200eb0380fe18bd", "f8e4b6a1dcc3490587cf6551d440b6a9")),
          count(
              "veeam.cdp.policies.failed",
              "Veeam CDP: Policies failed",
              "policies_failed",
              "CDP policies in state Critical.",
              ids("bad097c98ddf4de8ad99e411ff9b3369", "69ba1192dcde4eb3ba058b395ee7ffb6")),
          count(
              "veeam.cdp.policies.unknown",
              "Veeam CDP: Policies unknown",
              "policies_unknown",
              "CDP policies in state Unknown.",
              ids("ea33cb11004a48f6865e744a5b41eac5", "8ce92772963f4736b70f789322ee5848")));

  private static Item count(String key, String name, String field, String what, Ids ids) {
    return new Item(
        ids,
        key,
        name,
        ValueType.UNSIGNED,
        null,
        false,
        what,
        List.of(jsonPath("$.summary." + field, true)),
        tags("cdp"),
        List.of());
  }

  // --- VMs and policies: one item prototype per field of their objects in the document -------

  /** The objects of the document that discovery makes prototypes of. */
  enum Entity {
    VM("vms", "{#VM.ID}", "veeam.cdp.vm.", "VM [{#VM}]: ", "vm"),
    POLICY("policies", "{#POLICY.ID}", "veeam.cdp.policy.", "Policy [{#POLICY}]: ", "policy");

    private final String array;
    private final String idMacro;
    private final String keyPrefix;
    private final String namePrefix;
    private final List<Tag> tags;

    Entity(String array, String idMacro, String keyPrefix, String namePrefix, String component) {
      this.array = array;
      this.idMacro = idMacro;
      this.keyPrefix = keyPrefix;
      this.namePrefix = namePrefix;
      List<Tag> tags = new ArrayList<>();
      tags.add(new Tag("backup-server", "{#BACKUP.SERVER}"));
      tags.add(new Tag("component", component));
      tags.add(new Tag("policy", "{#POLICY}"));
      if (component.equals("vm")) {
        tags.add(new Tag("vm", "{#VM}"));
      }
      this.tags = List.copyOf(tags);
    }

    /** The key of a field's prototype: the stable id as parameter, never a name. */
    String key(String field) {
      return keyPrefix + field + "[" + idMacro + "]";
    }

    /**
     * The prototype of one field: the field of the object with this id, discarded where the
     * document leaves it out (or the object vanished); booleans as 0/1, texts only when changed or
     * hourly.
     */
    Item item(
        String field,
        String documentField,
        String name,
        ValueType type,
        String units,
        String description,
        Ids ids,
        List<Trigger> triggers) {
      List<Step> steps = new ArrayList<>();
      steps.add(jsonPath(filterPath(array, idMacro, documentField), true));
      if (field.equals("missing")) {
        steps.add(boolToDecimal());
      }
      if (type.text()) {
        steps.add(heartbeat("1h"));
      }
      return new Item(
          ids,
          key(field),
          namePrefix + name,
          type,
          units,
          field.equals("state"),
          description,
          steps,
          tags,
          triggers);
    }
  }

  // --- VMs --------------------------------------------------------------------------------

  /**
   * The age of a VM's newest session against {@code {$VEEAM.CDP.AGE.<level>:"{#VM}"}}: {@code
   * now()} minus the session's start, so that it keeps firing when data stops, and a VM can have
   * its own threshold by macro context.
   */
  private static Trigger age(String level, String priority, Ids ids, List<Trigger> dependencies) {
    String threshold = "{$VEEAM.CDP.AGE." + level + ":\"{#VM}\"}";
    return new Trigger(
        ids,
        "VM [{#VM}]: no new CDP session for " + threshold,
        "now()-" + last(Entity.VM.key("newest")) + ">" + threshold,
        priority,
        "Newest session: {ITEM.LASTVALUE1}",
        "The newest CDP task session of this VM started more than "
            + threshold
            + " ago. It keeps firing when data stops; set a VM's own threshold with the macro"
            + " context, e.g. {$VEEAM.CDP.AGE."
            + level
            + ":\"fileserver 02\"}.",
        dependencies);
  }

  static final Trigger VM_AGE_CRIT =
      age(
          "CRIT",
          "HIGH",
          ids("8a041d1c96c44d86bca43b490257d347", "116ae882b03b462ea3632838a5e12369"),
          HEALTH);

  static final Trigger VM_AGE_WARN =
      age(
          "WARN",
          "WARNING",
          ids("a940cc9900c04cb6a366553cb5dd8be1", "fbaa129a7c1948eb89ee3347c4cf44b1"),
          List.of(VM_AGE_CRIT, COLLECTION_FAILED, NO_DATA));

  static final Rule VM_RULE =
      new Rule(
          ids("6296e6bdead24a92bb83181688862929", "a752507d4bd746dbbd9040b97c5d2195"),
          "veeam.cdp.vm.discovery",
          "Veeam CDP: VM discovery",
          "The VMs of the collect document. A failed collection makes the rule unsupported"
              + " instead of emptying it, so that no VM is lost because EM could not be read.",
          """
          var d = JSON.parse(value);
          if (d.error !== null && d.error !== undefined && String(d.error) !== '') {
              throw 'Collection failed, VMs kept as they are: ' + d.error;
          }
          return JSON.stringify(d.vms.map(function (v) {
              return {id: v.id, name: v.name, policy: v.policy, policy_id: v.policy_id,
                  backup_server: v.backup_server};
          }));
          """,
          Map.of(
              "{#VM}", "$.name",
              "{#VM.ID}", "$.id",
              "{#POLICY}", "$.policy",
              "{#POLICY.ID}", "$.policy_id",
              "{#BACKUP.SERVER}", "$.backup_server"),
          List.of(
              new Condition("{#VM}", "{$VEEAM.CDP.VM.MATCHES}", "MATCHES_REGEX", "A"),
              new Condition("{#VM}", "{$VEEAM.CDP.VM.NOT_MATCHES}", "NOT_MATCHES_REGEX", "B"),
              new Condition("{#POLICY}", "{$VEEAM.CDP.POLICY.MATCHES}", "MATCHES_REGEX", "C"),
              new Condition(
                  "{#POLICY}", "{$VEEAM.CDP.POLICY.NOT_MATCHES}", "NOT_MATCHES_REGEX", "D"),
              new Condition(
                  "{#BACKUP.SERVER}", "{$VEEAM.CDP.BACKUP.SERVER.MATCHES}", "MATCHES_REGEX", "E"),
              new Condition(
                  "{#BACKUP.SERVER}",
                  "{$VEEAM.CDP.BACKUP.SERVER.NOT_MATCHES}",
                  "NOT_MATCHES_REGEX",
                  "F")),
          List.of(
              Entity.VM.item(
                  "state",
                  "state",
                  "State",
                  ValueType.UNSIGNED,
                  null,
                  "The VM's state: 0 OK, 1 Warning, 2 Critical, 3 Unknown.",
                  ids("6ba7953754344ce9b03bbf2fcaa05f12", "9793885a10894d598117b01cce3c49ca"),
                  List.of(
                      new Trigger(
                          ids(
                              "82f6cdd743944375955f4a33e4b3ce2f",
                              "27c2f04026e5441397f27c39d936f163"),
                          "VM [{#VM}]: CDP state unknown",
                          last(Entity.VM.key("state")) + "=3",
                          "AVERAGE",
                          null,
                          "EM reported a value for this VM that has no documented meaning.",
                          HEALTH))),
              Entity.VM.item(
                  "result",
                  "result",
                  "Result",
                  ValueType.CHAR,
                  null,
                  "Result of the VM's newest CDP task session (Success, Warning, Failed).",
                  ids("8d2b8dfc017e4292b0f8e43de2799aa3", "a697d93e2d8643a6887fda2f070a8a3e"),
                  List.of()),
              Entity.VM.item(
                  "task_state",
                  "task_state",
                  "Task state",
                  ValueType.CHAR,
                  null,
                  "State of the VM's newest CDP task session.",
                  ids("3d705e6630c64410865f73b450a0fbdb", "02b23a6b8bf847d89f895eb90e40ca19"),
                  List.of()),
              Entity.VM.item(
                  "reason",
                  "reason",
                  "Reason",
                  ValueType.TEXT,
                  null,
                  "EM's reason for the result of the newest CDP task session; empty when none.",
                  ids("6c2e8259edaa4be39a8db91779a17bbe", "e5ce1c68682c4969990995bd457e32ba"),
                  List.of()),
              Entity.VM.item(
                  "newest",
                  "newest_session_clock",
                  "Newest session",
                  ValueType.UNSIGNED,
                  "unixtime",
                  "When the VM's newest CDP task session started.",
                  ids("8b7b3a19ef624fd2992e2b19cf117724", "1da5673ccedd4022b1215935ee5d18df"),
                  List.of(VM_AGE_CRIT, VM_AGE_WARN)),
              Entity.VM.item(
                  "age",
                  "age",
                  "Age of the newest session",
                  ValueType.FLOAT,
                  "s",
                  "Seconds from the start of the VM's newest CDP task session to the collection.",
                  ids("ceb956b9056a4745ab0eb4c05559e4d6", "43e9f55d42284e81be893f1b94f2342a"),
                  List.of()),
              Entity.VM.item(
                  "age_warning",
                  "age_warning",
                  "Age warning limit",
                  ValueType.FLOAT,
                  "s",
                  "The age at which cdpwatch judges the VM WARNING: from -w, or derived from its"
                      + " policy's long-term interval (field age_thresholds says which).",
                  ids("6cbe65a46c6f4f9693e9734906cbf760", "d34e5901e5ac4df59fec11b48099a265"),
                  List.of()),
              Entity.VM.item(
                  "age_critical",
                  "age_critical",
                  "Age critical limit",
                  ValueType.FLOAT,
                  "s",
                  "The age at which cdpwatch judges the VM CRITICAL: from -c, derived from its"
                      + " policy's long-term interval, or 2 days when the policy names none.",
                  ids("f11614670109463cbecbf07f05e6f939", "84ea57be5e1e4157aaa4c8c660d5fd79"),
                  List.of()),
              Entity.VM.item(
                  "size",
                  "size",
                  "Size",
                  ValueType.UNSIGNED,
                  "B",
                  "Size EM reports for the VM's newest CDP task session.",
                  ids("aa3dadaba74f417b975ebceb778f49ff", "27bdd977786245189a2866884f5c6d75"),
                  List.of()),
              Entity.VM.item(
                  "missing",
                  "missing",
                  "No session in the look-back window",
                  ValueType.UNSIGNED,
                  null,
                  "1 when the VM was named, or belongs to a selected policy, but has no CDP task"
                      + " session in the look-back window.",
                  ids("b183e7b2bbae40f78ed4b28b33e651b4", "876bfd80d36e4007842d24992a84e865"),
                  List.of(
                      new Trigger(
                          ids(
                              "5a2a122055ce42a789450176b3b706f9",
                              "236e6aa32b364e8b8350bc33098d32f9"),
                          "VM [{#VM}]: no CDP task session in the look-back window",
                          last(Entity.VM.key("missing")) + "=1",
                          "HIGH",
                          null,
                          "The VM is expected (named, or in a selected policy) but EM has no CDP"
                              + " task session of it in the look-back window.",
                          HEALTH)))),
          List.of(
              new Trigger(
                  ids("9e9195c0fb534cd783bc98407605a6a9", "6a19b28cbfe74dc08ee529d8f5c25b31"),
                  "VM [{#VM}]: CDP replication failed",
                  last(Entity.VM.key("result"))
                      + "=\"Failed\" and length("
                      + last(Entity.VM.key("reason"))
                      + ")>=0",
                  "HIGH",
                  wholeText(2),
                  "The newest CDP task session of this VM failed; the operational data is EM's"
                      + " reason. (The second condition is always true: it names the reason item"
                      + " for the operational data.)",
                  HEALTH),
              new Trigger(
                  ids("0a5dedeacfeb4563b3bbfa869d8c9b76", "a415a481beaa4c06ba3fed0efc49c1e2"),
                  "VM [{#VM}]: CDP replication warning",
                  last(Entity.VM.key("result"))
                      + "=\"Warning\" and length("
                      + last(Entity.VM.key("reason"))
                      + ")>=0",
                  "WARNING",
                  wholeText(2),
                  "The newest CDP task session of this VM ended with a warning; the operational"
                      + " data is EM's reason.",
                  HEALTH)),
          List.of(
              new Graph(
                  ids("434dd4cc74ab41f9b7e7827ec8bb7f64", "c544629a64284ba5979e57569496eb11"),
                  "VM [{#VM}]: Age of the newest session",
                  null,
                  List.of(new GraphItem(Entity.VM.key("age"), "1A7C11"))),
              new Graph(
                  ids("0e2a2f8205be4e0d9fc51aab45d4beed", "7b1192b75ac74e2a8642fadbb639b775"),
                  "VM [{#VM}]: Size",
                  null,
                  List.of(new GraphItem(Entity.VM.key("size"), "2774A4")))));

  // --- policies -------------------------------------------------------------------------

  static final Rule POLICY_RULE =
      new Rule(
          ids("7979e2ac02634ecf8c90b1bbed9d9392", "8a8cdd65b8dd4cb8b7b916d4a6315d4e"),
          "veeam.cdp.policy.discovery",
          "Veeam CDP: Policy discovery",
          "The CDP policies of the collect document. A failed collection makes the rule"
              + " unsupported instead of emptying it.",
          """
          var d = JSON.parse(value);
          if (d.error !== null && d.error !== undefined && String(d.error) !== '') {
              throw 'Collection failed, policies kept as they are: ' + d.error;
          }
          return JSON.stringify(d.policies.map(function (p) {
              return {id: p.id, name: p.name, backup_server: p.backup_server};
          }));
          """,
          Map.of(
              "{#POLICY}", "$.name",
              "{#POLICY.ID}", "$.id",
              "{#BACKUP.SERVER}", "$.backup_server"),
          List.of(
              new Condition("{#POLICY}", "{$VEEAM.CDP.POLICY.MATCHES}", "MATCHES_REGEX", "A"),
              new Condition(
                  "{#POLICY}", "{$VEEAM.CDP.POLICY.NOT_MATCHES}", "NOT_MATCHES_REGEX", "B"),
              new Condition(
                  "{#BACKUP.SERVER}", "{$VEEAM.CDP.BACKUP.SERVER.MATCHES}", "MATCHES_REGEX", "C"),
              new Condition(
                  "{#BACKUP.SERVER}",
                  "{$VEEAM.CDP.BACKUP.SERVER.NOT_MATCHES}",
                  "NOT_MATCHES_REGEX",
                  "D")),
          List.of(
              Entity.POLICY.item(
                  "state",
                  "state",
                  "State",
                  ValueType.UNSIGNED,
                  null,
                  "The policy's state: 0 OK, 1 Warning, 2 Critical, 3 Unknown.",
                  ids("6a0659abacda49169dc525bdc129b130", "00a8cc563afc43f198ddf0ea05c52239"),
                  List.of(
                      new Trigger(
                          ids(
                              "6ab93c96e5f9494d9b025b28d9f924e8",
                              "34fba4fac0e1467185054a283a16840c"),
                          "Policy [{#POLICY}]: CDP policy state unknown",
                          last(Entity.POLICY.key("state")) + "=3",
                          "AVERAGE",
                          null,
                          "EM reported a value for this policy that has no documented meaning.",
                          HEALTH))),
              Entity.POLICY.item(
                  "session_state",
                  "session_state",
                  "Session state",
                  ValueType.CHAR,
                  null,
                  "State of the policy's newest CDP policy session (e.g. Working, Stopped).",
                  ids("523cc7b1dc4f47838ce6ad9620853989", "0e5a531a743145a7bd66453f19b2471d"),
                  List.of()),
              Entity.POLICY.item(
                  "result",
                  "result",
                  "Result",
                  ValueType.CHAR,
                  null,
                  "Result of the policy's newest CDP policy session.",
                  ids("6a3a99eb10804694b7b901802319fefe", "f00d52fffed4492ca2ff76ed796f104f"),
                  List.of()),
              Entity.POLICY.item(
                  "message",
                  "message",
                  "Message",
                  ValueType.TEXT,
                  null,
                  "EM's failure message of the newest CDP policy session; empty when none.",
                  ids("6e94b7a6a6c4470aa6fff711dbd8eff1", "4cca24d644ec4b2c8cd373b515524f98"),
                  List.of()),
              Entity.POLICY.item(
                  "newest",
                  "newest_session_clock",
                  "Newest session",
                  ValueType.UNSIGNED,
                  "unixtime",
                  "When the policy's newest CDP policy session started.",
                  ids("af08e730e67842fbb35d118c122d9bc4", "0c1924684fdd449881a328ea1f00c805"),
                  List.of()),
              Entity.POLICY.item(
                  "rpo",
                  "rpo",
                  "RPO",
                  ValueType.UNSIGNED,
                  "s",
                  "The recovery point objective the policy promises (Veeam B&R's setting).",
                  ids("b41dd2982a7740ffa484632615a63b3a", "42d44e4eb8244e1d9346c1ed6d068c2a"),
                  List.of()),
              Entity.POLICY.item(
                  "rpo_warning",
                  "rpo_warning",
                  "RPO warning threshold",
                  ValueType.UNSIGNED,
                  "s",
                  "The lag at which Veeam B&R marks the replication Warning; no value when not"
                      + " enabled.",
                  ids("a4657aa611e54c2399e4da4a7681bd18", "459062a8ca924fc5af98f47971ec1cb6"),
                  List.of()),
              Entity.POLICY.item(
                  "rpo_failed",
                  "rpo_failed",
                  "RPO failed threshold",
                  ValueType.UNSIGNED,
                  "s",
                  "The lag at which Veeam B&R marks the replication Failed; no value when not"
                      + " enabled.",
                  ids("503273fca9bf417cb57e35cff6c2088a", "51e1e25a76a94842bbf8c345b92e48c7"),
                  List.of()),
              Entity.POLICY.item(
                  "long_term_interval",
                  "long_term_interval",
                  "Long-term restore point interval",
                  ValueType.UNSIGNED,
                  "s",
                  "How often the policy makes a long-term restore point; the VMs' default age"
                      + " limits derive from it.",
                  ids("a4d9848f4e1a4d86b72b333436908d19", "3c26f698dea9457981bb21596164aa97"),
                  List.of()),
              Entity.POLICY.item(
                  "missing",
                  "missing",
                  "No session in the look-back window",
                  ValueType.UNSIGNED,
                  null,
                  "1 when the policy was selected but has no CDP policy session in the window.",
                  ids("571c0b608153485e8115bdbdff906b29", "c2ae484a650f4525bd3f59770f04acb7"),
                  List.of(
                      new Trigger(
                          ids(
                              "dbc95c4499f1453ea830fc739c5d6b66",
                              "ba500bda9b004be48dc6e5be1e1f39da"),
                          "Policy [{#POLICY}]: no CDP policy session",
                          last(Entity.POLICY.key("missing")) + "=1",
                          "HIGH",
                          null,
                          "The policy is selected but EM has no CDP policy session of it in the"
                              + " window.",
                          HEALTH)))),
          List.of(
              new Trigger(
                  ids("146ee4eda7ae4eeea25e1aab3ecbba17", "1f09db5c37884a96abd9531fd62683ad"),
                  "Policy [{#POLICY}]: CDP policy stopped",
                  last(Entity.POLICY.key("session_state"))
                      + "=\"Stopped\" and length("
                      + last(Entity.POLICY.key("message"))
                      + ")>=0",
                  "HIGH",
                  wholeText(2),
                  "The newest CDP policy session of this policy is Stopped; the operational data"
                      + " is EM's failure message. (The second condition is always true: it names"
                      + " the message item for the operational data.)",
                  HEALTH)),
          List.of());

  static final List<Rule> RULES = List.of(VM_RULE, POLICY_RULE);

  // --- graphs, value map, dashboard, macros --------------------------------------------------

  static final List<Graph> GRAPHS =
      List.of(
          new Graph(
              ids("ab7434d6631b4f76a8fca5298c62ebc9", "3fda742e40414b7a8c865d885b994ad4"),
              "Veeam CDP: Policies by state",
              "STACKED",
              List.of(
                  new GraphItem("veeam.cdp.policies.ok", "1A7C11"),
                  new GraphItem("veeam.cdp.policies.warning", "FFC107"),
                  new GraphItem("veeam.cdp.policies.failed", "E45959"),
                  new GraphItem("veeam.cdp.policies.unknown", "9E9E9E"))),
          new Graph(
              ids("981e00e9df044b98877770dbe647f5f9", "d15fe907b16e44318174e3b0299828db"),
              "Veeam CDP: VMs by state",
              "STACKED",
              List.of(
                  new GraphItem("veeam.cdp.vms.ok", "1A7C11"),
                  new GraphItem("veeam.cdp.vms.warning", "FFC107"),
                  new GraphItem("veeam.cdp.vms.failed", "E45959"),
                  new GraphItem("veeam.cdp.vms.unknown", "9E9E9E"))));

  private static final Ids VALUE_MAP_IDS =
      ids("d599ee5e57174239acd8412e15e0cb47", "66ee1a64e7384f1a86881dd3b8440d01");
  private static final Ids TEMPLATE_IDS =
      ids("08fa61880358420794185b10f994f4c8", "026a198b5ed540f68ebf87a43db46b77");
  private static final Ids DASHBOARD_IDS =
      ids("7da2e9f362234406bfc95a331ab33cfa", "d5265e5425094d4bb26d1eda9186b9c5");
  private static final Ids MASTER_IDS =
      ids("1cca08f84b344372bec9a199a536ef34", "6818d26dd7f34fbea44b4d44404e7088");

  static final List<Macro> MACROS =
      List.of(
          new Macro(
              "{$VEEAM.CDP.EM.URL}",
              "https://localhost:9398/api",
              "Enterprise Manager REST API base URL (--url).",
              true),
          new Macro(
              "{$VEEAM.CDP.USER}",
              "",
              "EM account (--username), e.g. DOMAIN\\user, or user@domain for a Linux EM. It needs"
                  + " an EM role (Portal Administrator, Portal User or Restore Operator).",
              true),
          new Macro(
              "{$VEEAM.CDP.PASSWORD.FILE}",
              "/etc/cdpwatch/veeam-em.password",
              "File whose first line is the EM password (--password-file), readable by the zabbix"
                  + " user. A path, never the password: the command line is visible to ps.",
              true),
          new Macro(
              "{$VEEAM.CDP.FINGERPRINT}",
              "",
              "SHA-256 fingerprint of EM's certificate to accept (--fingerprint); empty: none.",
              true),
          new Macro(
              "{$VEEAM.CDP.CA.FILE}",
              "",
              "PEM file of the certificates to trust for EM (--ca-file); empty: the JVM's trust"
                  + " store.",
              true),
          new Macro(
              "{$VEEAM.CDP.SESSION.CACHE}",
              "",
              "Directory, owned by the zabbix user, where EM logon tokens are kept between runs"
                  + " (--session-cache), e.g. /var/cache/cdpwatch; empty: the zabbix user's cache"
                  + " directory, which Debian's zabbix user (home /nonexistent) lacks, so every run"
                  + " then logs on and off again.",
              true),
          new Macro(
              "{$VEEAM.CDP.SNAPSHOT.MAX_AGE}",
              "60s",
              "How old a snapshot of EM another run left in the session cache may be for a"
                  + " collection to be judged from it instead of asking EM (--snapshot-max-age);"
                  + " 0: always ask EM. Hosts sharing one EM, user and look-back then cost one"
                  + " EM read per period.",
              true),
          new Macro(
              "{$VEEAM.CDP.TIMEOUT}",
              "10",
              "Deadline of one collection in seconds (--timeout). On Zabbix 6.0 the server's (or"
                  + " proxy's) Timeout must be at least this plus 2 s.",
              true),
          new Macro(
              "{$VEEAM.CDP.LOOKBACK}",
              "7d",
              "How far back EM's CDP sessions are read (--lookback), at most 30d.",
              true),
          new Macro(
              "{$VEEAM.CDP.INTERVAL}",
              "5m",
              "How often the external check runs (each run starts a JVM).",
              true),
          new Macro(
              "{$VEEAM.CDP.AGE.WARN}",
              "26h",
              "Warning age of a VM's newest CDP session; per VM with context:"
                  + " {$VEEAM.CDP.AGE.WARN:\"vm name\"}.",
              false),
          new Macro(
              "{$VEEAM.CDP.AGE.CRIT}",
              "2d",
              "Critical age of a VM's newest CDP session; per VM with context:"
                  + " {$VEEAM.CDP.AGE.CRIT:\"vm name\"}.",
              false),
          new Macro(
              "{$VEEAM.CDP.CERT.WARN}",
              "14",
              "Days before its expiry that EM's certificate is a warning (the trigger; zbx_veeam_cdp's"
                  + " own --certificate-warning raises the overall state).",
              false),
          new Macro(
              "{$VEEAM.CDP.NODATA}",
              "30m",
              "How long without a collect document before \"no data\" fires.",
              false),
          new Macro(
              "{$VEEAM.CDP.LLD.LIFETIME}",
              "7d",
              "How long a VM or policy that left the document keeps its items (longer than the"
                  + " critical age, so that a vanished VM alerts before its items go).",
              false),
          new Macro(
              "{$VEEAM.CDP.VM.MATCHES}", ".*", "VMs to discover (regular expression).", false),
          new Macro(
              "{$VEEAM.CDP.VM.NOT_MATCHES}",
              "CHANGE_IF_NEEDED",
              "VMs not to discover (regular expression).",
              false),
          new Macro(
              "{$VEEAM.CDP.POLICY.MATCHES}",
              ".*",
              "CDP policies to discover, and the VMs of these policies (regular expression).",
              false),
          new Macro(
              "{$VEEAM.CDP.POLICY.NOT_MATCHES}",
              "CHANGE_IF_NEEDED",
              "CDP policies not to discover, nor their VMs (regular expression).",
              false),
          new Macro(
              "{$VEEAM.CDP.BACKUP.SERVER.MATCHES}",
              ".*",
              "Backup servers whose VMs and policies are discovered (regular expression).",
              false),
          new Macro(
              "{$VEEAM.CDP.BACKUP.SERVER.NOT_MATCHES}",
              "CHANGE_IF_NEEDED",
              "Backup servers whose VMs and policies are not discovered (regular expression).",
              false));

  private static final String COMMON_DESCRIPTION =
      """
      Veeam CDP (continuous data protection) replication, read from Veeam Backup Enterprise Manager \
      by cdpwatch's zbx_veeam_cdp: per VM the newest CDP task session (state, result, reason, age, \
      size), per CDP policy its newest policy session, and the collector's own health.
      One collection is one JSON document in the master item; everything else is dependent.
      Set-up and versions: contrib/zabbix/README.md of cdpwatch; items and macros: its README.md.
      """;

  private static String description(Flavour flavour) {
    return COMMON_DESCRIPTION
        + (flavour == Flavour.TRAPPER
            ? "This template runs nothing: zbx_veeam_cdp send (e.g. the systemd timer"
                + " zbx-veeam-cdp.timer) pushes the document to the trapper item veeam.cdp.raw of"
                + " the host whose technical name it is given. Restrict the item's Allowed"
                + " hosts.\n"
            : "The server (or the proxy monitoring the host) runs the external check"
                + " zbx_veeam_cdp every {$VEEAM.CDP.INTERVAL}. On Zabbix 6.0 its Timeout must be"
                + " at least {$VEEAM.CDP.TIMEOUT} + 2 s.\n");
  }

  private static Item master(Flavour flavour) {
    return new Item(
        MASTER_IDS,
        flavour.masterKey(),
        "Veeam CDP: Collect document",
        ValueType.TEXT,
        null,
        false,
        flavour == Flavour.TRAPPER
            ? "The collect document zbx_veeam_cdp send pushes; every other item reads it."
            : "The collect document of zbx_veeam_cdp collect; every other item reads it.",
        List.of(),
        tags("raw"),
        List.of());
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering: the model as a Zabbix 6.0 export, fields in the order Zabbix writes them and
  // default values left out as Zabbix does.
  // ---------------------------------------------------------------------------------------------

  static Map<String, Object> document(Flavour flavour) {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("uuid", TEMPLATE_IDS.in(flavour));
    template.put("template", flavour.template());
    template.put("name", flavour.template());
    template.put("description", description(flavour));
    template.put("groups", List.of(Map.of("name", GROUP)));
    List<Item> items = new ArrayList<>(ITEMS);
    items.add(master(flavour));
    template.put("items", sortedByKey(items).stream().map(i -> item(i, flavour, false)).toList());
    template.put(
        "discovery_rules",
        RULES.stream().sorted(Comparator.comparing(Rule::key)).map(r -> rule(r, flavour)).toList());
    template.put(
        "tags", List.of(tag(new Tag("class", "software")), tag(new Tag("target", "veeam"))));
    template.put(
        "macros",
        MACROS.stream()
            .filter(m -> flavour == Flavour.EXTERNAL || !m.externalOnly())
            .sorted(Comparator.comparing(Macro::macro))
            .map(TemplateSource::macro)
            .toList());
    template.put("dashboards", List.of(dashboard(flavour)));
    template.put("valuemaps", List.of(valueMap(flavour)));

    Map<String, Object> export = new LinkedHashMap<>();
    export.put("version", "6.0");
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("uuid", GROUP_UUID);
    group.put("name", GROUP);
    export.put("groups", List.of(group));
    export.put("templates", List.of(template));
    export.put(
        "graphs",
        GRAPHS.stream()
            .sorted(Comparator.comparing(Graph::name))
            .map(g -> graph(g, flavour))
            .toList());
    return Map.of("zabbix_export", export);
  }

  private static List<Item> sortedByKey(List<Item> items) {
    return items.stream().sorted(Comparator.comparing(Item::key)).toList();
  }

  private static Map<String, Object> item(Item item, Flavour flavour, boolean prototype) {
    boolean master = item.key().equals(flavour.masterKey());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uuid", item.ids().in(flavour));
    out.put("name", item.name());
    if (master) {
      out.put("type", flavour == Flavour.TRAPPER ? "TRAP" : "EXTERNAL");
      out.put("key", item.key());
      out.put("delay", flavour == Flavour.TRAPPER ? "0" : "{$VEEAM.CDP.INTERVAL}");
      out.put("history", "0");
      out.put("trends", "0");
    } else {
      out.put("type", "DEPENDENT");
      out.put("key", item.key());
      out.put("delay", "0");
      out.put("history", "7d");
      if (item.valueType().text()) {
        out.put("trends", "0");
      }
    }
    if (item.valueType() != ValueType.UNSIGNED) {
      out.put("value_type", item.valueType().name());
    }
    putIfSet(out, "units", item.units());
    putIfSet(out, "description", item.description());
    if (item.stateMap()) {
      out.put("valuemap", Map.of("name", VALUE_MAP));
    }
    if (!item.steps().isEmpty()) {
      out.put("preprocessing", item.steps().stream().map(TemplateSource::step).toList());
    }
    if (!master) {
      out.put("master_item", Map.of("key", flavour.masterKey()));
    }
    out.put(
        "tags",
        item.tags().stream()
            .sorted(Comparator.comparing(Tag::tag).thenComparing(Tag::value))
            .map(TemplateSource::tag)
            .toList());
    if (!item.triggers().isEmpty()) {
      out.put(
          prototype ? "trigger_prototypes" : "triggers",
          item.triggers().stream().map(t -> trigger(t, flavour)).toList());
    }
    return out;
  }

  private static Map<String, Object> step(Step step) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", step.type());
    out.put("parameters", step.parameters());
    putIfSet(out, "error_handler", step.errorHandler());
    return out;
  }

  private static Map<String, Object> tag(Tag tag) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tag", tag.tag());
    out.put("value", tag.value());
    return out;
  }

  private static String expression(String expression, Flavour flavour) {
    return expression.replace(HOST, flavour.template());
  }

  private static Map<String, Object> trigger(Trigger trigger, Flavour flavour) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uuid", trigger.ids().in(flavour));
    out.put("expression", expression(trigger.expression(), flavour));
    out.put("name", trigger.name());
    putIfSet(out, "opdata", trigger.opdata());
    out.put("priority", trigger.priority());
    putIfSet(out, "description", trigger.description());
    if (!trigger.dependencies().isEmpty()) {
      out.put(
          "dependencies",
          trigger.dependencies().stream()
              .map(
                  d -> {
                    Map<String, Object> dependency = new LinkedHashMap<>();
                    dependency.put("name", d.name());
                    dependency.put("expression", expression(d.expression(), flavour));
                    return dependency;
                  })
              .toList());
    }
    out.put("tags", List.of(tag(new Tag("scope", "availability"))));
    return out;
  }

  private static Map<String, Object> rule(Rule rule, Flavour flavour) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uuid", rule.ids().in(flavour));
    out.put("name", rule.name());
    out.put("type", "DEPENDENT");
    out.put("key", rule.key());
    out.put("delay", "0");
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("evaltype", "AND");
    filter.put(
        "conditions",
        rule.filter().stream()
            .map(
                c -> {
                  Map<String, Object> condition = new LinkedHashMap<>();
                  condition.put("macro", c.macro());
                  condition.put("value", c.value());
                  condition.put("operator", c.operator());
                  condition.put("formulaid", c.formulaId());
                  return condition;
                })
            .toList());
    out.put("filter", filter);
    out.put("lifetime", "{$VEEAM.CDP.LLD.LIFETIME}");
    out.put("description", rule.description());
    out.put(
        "item_prototypes",
        sortedByKey(rule.prototypes()).stream().map(i -> item(i, flavour, true)).toList());
    if (!rule.triggers().isEmpty()) {
      out.put(
          "trigger_prototypes", rule.triggers().stream().map(t -> trigger(t, flavour)).toList());
    }
    if (!rule.graphs().isEmpty()) {
      out.put(
          "graph_prototypes",
          rule.graphs().stream()
              .sorted(Comparator.comparing(Graph::name))
              .map(g -> graph(g, flavour))
              .toList());
    }
    out.put("master_item", Map.of("key", flavour.masterKey()));
    out.put(
        "lld_macro_paths",
        rule.macroPaths().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(
                e -> {
                  Map<String, Object> path = new LinkedHashMap<>();
                  path.put("lld_macro", e.getKey());
                  path.put("path", e.getValue());
                  return path;
                })
            .toList());
    out.put("preprocessing", List.of(step(javaScript(rule.script())), step(heartbeat("1h"))));
    return out;
  }

  private static Map<String, Object> graph(Graph graph, Flavour flavour) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uuid", graph.ids().in(flavour));
    out.put("name", graph.name());
    putIfSet(out, "type", graph.type());
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < graph.items().size(); i++) {
      GraphItem graphItem = graph.items().get(i);
      Map<String, Object> entry = new LinkedHashMap<>();
      if (i > 0) {
        entry.put("sortorder", Integer.toString(i));
      }
      entry.put("color", graphItem.color());
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("host", flavour.template());
      ref.put("key", graphItem.key());
      entry.put("item", ref);
      items.add(entry);
    }
    out.put("graph_items", items);
    return out;
  }

  private static Map<String, Object> macro(Macro macro) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("macro", macro.macro());
    if (!macro.value().isEmpty()) {
      out.put("value", macro.value());
    }
    out.put("description", macro.description());
    return out;
  }

  private static Map<String, Object> valueMap(Flavour flavour) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uuid", VALUE_MAP_IDS.in(flavour));
    out.put("name", VALUE_MAP);
    List<Map<String, Object>> mappings = new ArrayList<>();
    String[] names = {"OK", "Warning", "Critical", "Unknown"};
    for (int i = 0; i < names.length; i++) {
      Map<String, Object> mapping = new LinkedHashMap<>();
      mapping.put("value", Integer.toString(i));
      mapping.put("newvalue", names[i]);
      mappings.add(mapping);
    }
    out.put("mappings", mappings);
    return out;
  }

  /**
   * One page on the 6.0 grid (24 columns): the counts as Item value widgets, the state graphs, and
   * per VM the age and size graphs (Graph prototype widgets). Only widget types a 6.0 template
   * dashboard accepts.
   */
  private static Map<String, Object> dashboard(Flavour flavour) {
    List<Map<String, Object>> widgets = new ArrayList<>();
    String[][] first = {
      {"Overall state", "veeam.cdp.state"},
      {"VMs", "veeam.cdp.vms"},
      {"VMs OK", "veeam.cdp.vms.ok"},
      {"VMs warning", "veeam.cdp.vms.warning"},
      {"VMs failed", "veeam.cdp.vms.failed"},
      {"VMs unknown", "veeam.cdp.vms.unknown"},
    };
    for (int i = 0; i < first.length; i++) {
      widgets.add(itemWidget(first[i][0], first[i][1], 4 * i, 0, 4, flavour));
    }
    String[][] second = {
      {"Policies", "veeam.cdp.policies"},
      {"Policies OK", "veeam.cdp.policies.ok"},
      {"Policies failed", "veeam.cdp.policies.failed"},
      {"Policies unknown", "veeam.cdp.policies.unknown"},
    };
    for (int i = 0; i < second.length; i++) {
      widgets.add(itemWidget(second[i][0], second[i][1], 4 * i, 3, 4, flavour));
    }
    widgets.add(itemWidget("Collection error", ERROR_KEY, 16, 3, 8, flavour));
    widgets.add(
        widget(
            "GRAPH_CLASSIC",
            "VMs by state",
            0,
            6,
            12,
            5,
            List.of(field("GRAPH", "graphid", graphRef("Veeam CDP: VMs by state", flavour)))));
    widgets.add(
        widget(
            "GRAPH_CLASSIC",
            "Policies by state",
            12,
            6,
            12,
            5,
            List.of(field("GRAPH", "graphid", graphRef("Veeam CDP: Policies by state", flavour)))));
    widgets.add(
        widget(
            "GRAPH_PROTOTYPE",
            "Age of the newest CDP session per VM",
            0,
            11,
            24,
            5,
            List.of(
                field("INTEGER", "columns", "3"),
                field(
                    "GRAPH_PROTOTYPE",
                    "graphid",
                    graphRef("VM [{#VM}]: Age of the newest session", flavour)))));
    widgets.add(
        widget(
            "GRAPH_PROTOTYPE",
            "Size per VM",
            0,
            16,
            24,
            5,
            List.of(
                field("INTEGER", "columns", "3"),
                field("GRAPH_PROTOTYPE", "graphid", graphRef("VM [{#VM}]: Size", flavour)))));

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uuid", DASHBOARD_IDS.in(flavour));
    out.put("name", "Veeam CDP");
    out.put("pages", List.of(Map.of("widgets", widgets)));
    return out;
  }

  private static Map<String, Object> itemWidget(
      String name, String key, int x, int y, int width, Flavour flavour) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("host", flavour.template());
    ref.put("key", key);
    return widget("ITEM", name, x, y, width, 3, List.of(field("ITEM", "itemid", ref)));
  }

  private static Map<String, Object> graphRef(String name, Flavour flavour) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("host", flavour.template());
    ref.put("name", name);
    return ref;
  }

  private static Map<String, Object> field(String type, String name, Object value) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    out.put("name", name);
    out.put("value", value);
    return out;
  }

  private static Map<String, Object> widget(
      String type,
      String name,
      int x,
      int y,
      int width,
      int height,
      List<Map<String, Object>> fields) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    out.put("name", name);
    if (x != 0) {
      out.put("x", Integer.toString(x));
    }
    if (y != 0) {
      out.put("y", Integer.toString(y));
    }
    out.put("width", Integer.toString(width));
    out.put("height", Integer.toString(height));
    out.put("fields", fields);
    return out;
  }

  private static void putIfSet(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The YAML writer.
  // ---------------------------------------------------------------------------------------------

  /**
   * Writes a tree of maps (in their iteration order), lists and strings as block YAML the way
   * Zabbix's exports look: two spaces per level, list items at two more than their key ({@code "-
   * "} followed by the item's first entry), scalars plain only where no YAML 1.1 reader could take
   * them for anything but that string, otherwise single-quoted ({@code '} doubled), multi-line
   * strings as literal blocks. It refuses what it cannot write exactly (control characters, empty
   * collections, blocks it would have to mark with an indentation indicator).
   */
  static final class Yaml {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9$][A-Za-z0-9_./$-]*");
    private static final Pattern LETTER = Pattern.compile(".*[A-Za-z].*");

    /** What YAML 1.1 resolvers (SnakeYAML, libyaml-based PHP) read as a bool, null or number. */
    private static final Pattern NOT_A_STRING =
        Pattern.compile(
            "(?i)y|n|yes|no|true|false|on|off|null|~|[-+]?[0-9_.]*([e][-+]?[0-9_]+)?"
                + "|0x[0-9a-f_]+|0o?[0-7_]+|0b[01_]+|[-+]?\\.inf|\\.nan");

    private Yaml() {}

    static String emit(Map<String, ?> root) {
      StringBuilder out = new StringBuilder();
      mapping(out, root, 0, null);
      return out.toString();
    }

    private static void mapping(
        StringBuilder out, Map<String, ?> map, int indent, String firstPrefix) {
      if (map.isEmpty()) {
        throw new IllegalArgumentException("empty mapping");
      }
      boolean first = true;
      for (Map.Entry<String, ?> entry : map.entrySet()) {
        String prefix = first && firstPrefix != null ? firstPrefix : " ".repeat(indent);
        first = false;
        String key = scalar(entry.getKey());
        Object value = Objects.requireNonNull(entry.getValue(), entry.getKey());
        if (value instanceof String s) {
          if (s.indexOf('\n') >= 0) {
            out.append(prefix).append(key).append(": ").append(blockHeader(s)).append('\n');
            block(out, s, indent + 2);
          } else {
            out.append(prefix).append(key).append(": ").append(scalar(s)).append('\n');
          }
        } else if (value instanceof Map<?, ?> m) {
          out.append(prefix).append(key).append(":\n");
          mapping(out, cast(m), indent + 2, null);
        } else if (value instanceof List<?> l) {
          out.append(prefix).append(key).append(":\n");
          sequence(out, l, indent + 2);
        } else {
          throw new IllegalArgumentException("not a string, map or list: " + value);
        }
      }
    }

    private static void sequence(StringBuilder out, List<?> list, int indent) {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("empty sequence");
      }
      String dash = " ".repeat(indent) + "- ";
      for (Object element : list) {
        if (element instanceof String s) {
          if (s.indexOf('\n') >= 0) {
            out.append(dash).append(blockHeader(s)).append('\n');
            block(out, s, indent + 2);
          } else {
            out.append(dash).append(scalar(s)).append('\n');
          }
        } else if (element instanceof Map<?, ?> m) {
          mapping(out, cast(m), indent + 2, dash);
        } else {
          throw new IllegalArgumentException("not a string or map in a list: " + element);
        }
      }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> map) {
      return (Map<String, ?>) map;
    }

    /** {@code |} keeps the one final line break, {@code |-} is for text without one. */
    private static String blockHeader(String text) {
      if (text.endsWith("\n\n")) {
        throw new IllegalArgumentException("more than one final line break: " + text);
      }
      if (text.startsWith(" ")) {
        throw new IllegalArgumentException("block starting with a space: " + text);
      }
      return text.endsWith("\n") ? "|" : "|-";
    }

    private static void block(StringBuilder out, String text, int indent) {
      String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
      for (String line : body.split("\n", -1)) {
        checkPrintable(line);
        if (line.isEmpty()) {
          out.append('\n');
        } else {
          out.append(" ".repeat(indent)).append(line).append('\n');
        }
      }
    }

    static String scalar(String s) {
      checkPrintable(s);
      if (PLAIN.matcher(s).matches()
          && LETTER.matcher(s).matches()
          && !NOT_A_STRING.matcher(s).matches()) {
        return s;
      }
      return "'" + s.replace("'", "''") + "'";
    }

    private static void checkPrintable(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw new IllegalArgumentException("control character in " + s);
        }
      }
    }
  }
}
