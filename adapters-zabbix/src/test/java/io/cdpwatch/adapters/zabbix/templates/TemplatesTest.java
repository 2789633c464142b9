package io.cdpwatch.adapters.zabbix.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.cdpwatch.adapters.zabbix.templates.TemplateSource.Flavour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The two Zabbix templates: the shipped files are exactly {@link TemplateSource}'s output ({@code
 * CDPWATCH_TEMPLATE_UPDATE=1} rewrites them), their structure holds what Zabbix 6.0 needs and the
 * spec asks for, and their JSONPaths select the right values from the document of {@code
 * adapters-zabbix/README.md}.
 */
class TemplatesTest {

  /** The tests run in the module directory. */
  private static final Path CONTRIB = Path.of("../contrib/zabbix");

  private static final Path README = Path.of("README.md");

  /** The project's README, whose "Zabbix items and macros" lists every item and macro. */
  private static final Path MAIN_README = Path.of("../README.md");

  private static final Pattern UUID4 =
      Pattern.compile("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");

  /** The lists whose elements are entities with a UUID of their own. */
  private static final Set<String> ENTITY_LISTS =
      Set.of(
          "templates",
          "items",
          "discovery_rules",
          "item_prototypes",
          "trigger_prototypes",
          "triggers",
          "graph_prototypes",
          "graphs",
          "dashboards",
          "valuemaps");

  /** {@code /HOST/KEY} as the first parameter of a function in a trigger expression. */
  private static final Pattern ITEM_REFERENCE = Pattern.compile("\\(/([^/]+)/([^,)]+)");

  private static final Pattern MACRO = Pattern.compile("\\{\\$([A-Z0-9_.]+)[:}]");

  private static final Pattern VM_FILTER =
      Pattern.compile("\\$\\.vms\\[\\?\\(@\\.id=='\\{#VM\\.ID\\}'\\)\\]\\.([a-z_]+)\\.first\\(\\)");
  private static final Pattern POLICY_FILTER =
      Pattern.compile(
          "\\$\\.policies\\[\\?\\(@\\.id=='\\{#POLICY\\.ID\\}'\\)\\]\\.([a-z_]+)\\.first\\(\\)");

  // --- (a) the shipped files are the source's output -----------------------------------------

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void shippedFileIsExactlyTheSourcesOutput(Flavour flavour) throws IOException {
    Path file = CONTRIB.resolve(flavour.fileName());
    String expected = TemplateSource.yaml(flavour);
    if ("1".equals(System.getenv("CDPWATCH_TEMPLATE_UPDATE"))) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
      assumeFalse(true, "rewrote " + file);
    }
    assertTrue(Files.exists(file), file + " is missing: CDPWATCH_TEMPLATE_UPDATE=1 writes it");
    String shipped = Files.readString(file, StandardCharsets.UTF_8);
    if (!shipped.equals(expected)) {
      fail(
          file
              + " differs from TemplateSource ("
              + firstDifference(expected, shipped)
              + "): change the source, then CDPWATCH_TEMPLATE_UPDATE=1 mvn -pl adapters-zabbix"
              + " test");
    }
  }

  /** Where two texts part, by line, for a message a reader can act on. */
  private static String firstDifference(String expected, String actual) {
    String[] want = expected.split("\n", -1);
    String[] have = actual.split("\n", -1);
    for (int i = 0; i < Math.max(want.length, have.length); i++) {
      String w = i < want.length ? want[i] : "<end of file>";
      String h = i < have.length ? have[i] : "<end of file>";
      if (!w.equals(h)) {
        return "line " + (i + 1) + ": expected [" + w + "] but the file has [" + h + "]";
      }
    }
    return "same lines, different bytes";
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void outputIsDeterministicAndAZabbix60Export(Flavour flavour) {
    assertEquals(TemplateSource.yaml(flavour), TemplateSource.yaml(flavour));
    Map<String, Object> export = map(parse(flavour).get("zabbix_export"));
    assertEquals("6.0", export.get("version"));
    assertFalse(export.containsKey("template_groups"), "6.0 knows no template_groups");
    assertEquals(
        List.of(Map.of("uuid", TemplateSource.GROUP_UUID, "name", "Templates/Applications")),
        export.get("groups"));
    List<Object> templates = list(export.get("templates"));
    assertEquals(1, templates.size());
    Map<String, Object> template = map(templates.get(0));
    assertEquals(flavour.template(), template.get("template"));
    assertEquals(flavour.template(), template.get("name"));
    assertEquals(List.of(Map.of("name", "Templates/Applications")), template.get("groups"));
    assertEquals(
        List.of(
            Map.of("tag", "class", "value", "software"), Map.of("tag", "target", "value", "veeam")),
        template.get("tags"));
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void theYamlReadsBackAsExactlyTheModel(Flavour flavour) {
    // Every scalar comes back as the same string: nothing plain that YAML takes for a number,
    // bool or null, every quote and block intact.
    assertEquals(TemplateSource.document(flavour), parse(flavour));
  }

  @Test
  void scalarsArePlainOnlyWhereNothingElseCanBeRead() {
    for (String plain : List.of("7d", "1A7C11", "$.state", "veeam.cdp.raw", "CHANGE_IF_NEEDED")) {
      assertEquals(plain, TemplateSource.Yaml.scalar(plain));
    }
    Map<String, String> quoted = new LinkedHashMap<>();
    quoted.put("0", "'0'");
    quoted.put("6.0", "'6.0'");
    quoted.put("y", "'y'");
    quoted.put("NO", "'NO'");
    quoted.put("1e5", "'1e5'");
    quoted.put("0x1F", "'0x1F'");
    quoted.put(".*", "'.*'");
    quoted.put("", "''");
    quoted.put("a b", "'a b'");
    quoted.put("{$A}", "'{$A}'");
    quoted.put("it's", "'it''s'");
    quoted.put("$.vms[?(@.id=='x')]", "'$.vms[?(@.id==''x'')]'");
    quoted.forEach((value, yaml) -> assertEquals(yaml, TemplateSource.Yaml.scalar(value), value));
  }

  // --- (b) structure --------------------------------------------------------------------------

  @Test
  void everyEntityHasAUuid4OfItsOwnAcrossBothTemplates() {
    Map<String, String> seen = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (Flavour flavour : Flavour.values()) {
      Map<String, Object> export = map(parse(flavour).get("zabbix_export"));
      entities(
          export,
          (listName, entity) -> {
            Object uuid = entity.get("uuid");
            assertNotNull(uuid, flavour + ": an entity of " + listName + " has no uuid: " + entity);
            assertTrue(
                UUID4.matcher(uuid.toString()).matches(),
                flavour + ": not a UUIDv4 of 32 hex digits: " + uuid);
            String where = flavour + " " + listName + " " + entity.getOrDefault("name", "");
            String before = seen.put(uuid.toString(), where);
            if (before != null) {
              duplicates.add(uuid + " in " + before + " and " + where);
            }
          });
    }
    assertEquals(List.of(), duplicates);
    assertTrue(seen.size() > 80, "too few entities were found: " + seen.size());
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void theMasterIsTheOnlyCollectingItemAndEveryDependentReadsIt(Flavour flavour) {
    Map<String, Object> template = template(flavour);
    List<Map<String, Object>> masters =
        maps(template.get("items")).stream()
            .filter(i -> !"DEPENDENT".equals(i.get("type")))
            .toList();
    assertEquals(1, masters.size(), "one master item");
    Map<String, Object> master = masters.get(0);
    assertEquals(flavour == Flavour.TRAPPER ? "TRAP" : "EXTERNAL", master.get("type"));
    assertEquals(flavour.masterKey(), master.get("key"));
    assertEquals("TEXT", master.get("value_type"));
    assertEquals("0", master.get("history"));
    assertEquals("0", master.get("trends"));
    assertEquals(flavour == Flavour.TRAPPER ? "0" : "{$VEEAM.CDP.INTERVAL}", master.get("delay"));
    if (flavour == Flavour.EXTERNAL) {
      assertEquals(
          "zbx_veeam_cdp[\"collect\",\"--url={$VEEAM.CDP.EM.URL}\",\"--username={$VEEAM.CDP.USER}\","
              + "\"--password-file={$VEEAM.CDP.PASSWORD.FILE}\",\"--fingerprint={$VEEAM.CDP.FINGERPRINT}\","
              + "\"--ca-file={$VEEAM.CDP.CA.FILE}\",\"--timeout={$VEEAM.CDP.TIMEOUT}\","
              + "\"--lookback={$VEEAM.CDP.LOOKBACK}\",\"--session-cache={$VEEAM.CDP.SESSION.CACHE}\","
              + "\"--snapshot-max-age={$VEEAM.CDP.SNAPSHOT.MAX_AGE}\"]",
          master.get("key"));
    }

    Set<String> keys = itemKeys(template);
    List<Map<String, Object>> dependents = new ArrayList<>();
    maps(template.get("items")).stream().filter(i -> i != master).forEach(dependents::add);
    for (Map<String, Object> rule : maps(template.get("discovery_rules"))) {
      dependents.add(rule);
      dependents.addAll(maps(rule.get("item_prototypes")));
    }
    for (Map<String, Object> dependent : dependents) {
      String what = flavour + " " + dependent.get("key");
      assertEquals("DEPENDENT", dependent.get("type"), what);
      assertEquals("0", dependent.get("delay"), what);
      String masterKey = map(dependent.get("master_item")).get("key").toString();
      assertTrue(keys.contains(masterKey), what + " reads a master of another template");
      assertEquals(flavour.masterKey(), masterKey, what);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void triggerExpressionsReferenceOnlyItemsOfTheirOwnTemplate(Flavour flavour) {
    Map<String, Object> template = template(flavour);
    Set<String> keys = itemKeys(template);
    List<String> expressions = new ArrayList<>();
    walk(
        parse(flavour),
        (key, value) -> {
          if (key.equals("expression") || key.equals("recovery_expression")) {
            expressions.add(value.toString());
          }
        });
    assertTrue(expressions.size() > 20, "too few expressions found");
    for (String expression : expressions) {
      assertFalse(expression.contains("\\"), "a backslash in " + expression);
      Matcher reference = ITEM_REFERENCE.matcher(expression);
      int count = 0;
      while (reference.find()) {
        count++;
        assertEquals(flavour.template(), reference.group(1), expression);
        assertTrue(keys.contains(reference.group(2)), "no item " + reference.group(2));
      }
      assertTrue(count > 0, "no item in " + expression);
    }

    // A trigger kept under an item reads that item; a prototype's trigger reads its own rule.
    for (Map<String, Object> item : maps(template.get("items"))) {
      for (Map<String, Object> trigger : maps(item.get("triggers"))) {
        assertEquals(
            Set.of(item.get("key")), referencedKeys(trigger), trigger.get("name").toString());
      }
    }
    for (Map<String, Object> rule : maps(template.get("discovery_rules"))) {
      Set<Object> own = new HashSet<>();
      maps(rule.get("item_prototypes")).forEach(p -> own.add(p.get("key")));
      for (Map<String, Object> prototype : maps(rule.get("item_prototypes"))) {
        for (Map<String, Object> trigger : maps(prototype.get("trigger_prototypes"))) {
          assertEquals(
              Set.of(prototype.get("key")),
              referencedKeys(trigger),
              trigger.get("name").toString());
        }
      }
      for (Map<String, Object> trigger : maps(rule.get("trigger_prototypes"))) {
        assertTrue(own.containsAll(referencedKeys(trigger)), trigger.get("name").toString());
        assertTrue(referencedKeys(trigger).size() > 1, "a one-item trigger belongs to its item");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void noItemHasATimeoutAndEveryTriggerClosesByItself(Flavour flavour) {
    walk(
        parse(flavour),
        (key, value) -> {
          assertFalse(key.equals("timeout"), "6.0 has no timeout for these items");
          assertFalse(key.equals("manual_close"), "triggers recover by themselves");
          assertFalse(key.equals("recovery_mode"), "triggers recover by their expression");
        });
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void everyMacroUsedIsDefinedWithADescriptionAndEveryDefinedOneIsUsed(Flavour flavour) {
    Map<String, Object> template = template(flavour);
    Map<String, Map<String, Object>> defined = new TreeMap<>();
    for (Map<String, Object> macro : maps(template.get("macros"))) {
      String name = macro.get("macro").toString();
      Matcher m = Pattern.compile("\\{\\$([A-Z0-9_.]+)}").matcher(name);
      assertTrue(m.matches(), "macro name " + name);
      assertTrue(name.startsWith("{$VEEAM.CDP."), name);
      String description = (String) macro.get("description");
      assertTrue(description != null && !description.isBlank(), name + " has no description");
      assertTrue(defined.put(m.group(1), macro) == null, "defined twice: " + name);
    }
    Map<String, Object> withoutMacros = new LinkedHashMap<>(template);
    withoutMacros.remove("macros");
    withoutMacros.remove("description");
    Set<String> used = new TreeSet<>();
    walk(withoutMacros, (key, value) -> used.addAll(macrosIn(value.toString())));
    Set<String> mentioned = new TreeSet<>(used);
    walk(parse(flavour), (key, value) -> mentioned.addAll(macrosIn(value.toString())));
    assertTrue(
        defined.keySet().containsAll(mentioned),
        "undefined: " + minus(mentioned, defined.keySet()));
    assertEquals(defined.keySet(), used, "defined but unused");
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void prototypeKeysUseTheStableIdNeverAName(Flavour flavour) {
    for (Map<String, Object> rule : maps(template(flavour).get("discovery_rules"))) {
      boolean vm = rule.get("key").equals("veeam.cdp.vm.discovery");
      Pattern key =
          Pattern.compile(
              vm
                  ? "veeam\\.cdp\\.vm\\.[a-z_]+\\[\\{#VM\\.ID}]"
                  : "veeam\\.cdp\\.policy\\.[a-z_]+\\[\\{#POLICY\\.ID}]");
      for (Map<String, Object> prototype : maps(rule.get("item_prototypes"))) {
        assertTrue(key.matcher(prototype.get("key").toString()).matches(), prototype.toString());
        for (Map<String, Object> step : maps(prototype.get("preprocessing"))) {
          if (step.get("type").equals("JSONPATH")) {
            String path = list(step.get("parameters")).get(0).toString();
            assertTrue(path.contains(vm ? "{#VM.ID}" : "{#POLICY.ID}"), path);
            assertFalse(path.contains("{#VM}") || path.contains("{#POLICY}"), path);
          }
        }
      }
      for (Map<String, Object> graph : maps(rule.get("graph_prototypes"))) {
        for (Map<String, Object> graphItem : maps(graph.get("graph_items"))) {
          assertTrue(key.matcher(map(graphItem.get("item")).get("key").toString()).matches());
        }
      }
    }
  }

  @Test
  void theTwoTemplatesDifferOnlyInMasterNameUuidsDescriptionAndConnectionMacros() {
    Map<String, Object> trapper = normalized(Flavour.TRAPPER);
    Map<String, Object> external = normalized(Flavour.EXTERNAL);
    assertEquals(trapper, external);

    Set<String> trapperMacros = macroNames(Flavour.TRAPPER);
    Set<String> externalMacros = macroNames(Flavour.EXTERNAL);
    assertTrue(externalMacros.containsAll(trapperMacros));
    assertEquals(
        Set.of(
            "{$VEEAM.CDP.CA.FILE}",
            "{$VEEAM.CDP.EM.URL}",
            "{$VEEAM.CDP.FINGERPRINT}",
            "{$VEEAM.CDP.INTERVAL}",
            "{$VEEAM.CDP.LOOKBACK}",
            "{$VEEAM.CDP.PASSWORD.FILE}",
            "{$VEEAM.CDP.SESSION.CACHE}",
            "{$VEEAM.CDP.SNAPSHOT.MAX_AGE}",
            "{$VEEAM.CDP.TIMEOUT}",
            "{$VEEAM.CDP.USER}"),
        minus(externalMacros, trapperMacros));
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void itemKeysAreTheOnesOfTheReadme(Flavour flavour) throws IOException {
    Map<String, Object> template = template(flavour);
    Set<String> expected =
        new TreeSet<>(
            Set.of(
                flavour.masterKey(),
                "veeam.cdp.error",
                "veeam.cdp.collected",
                "veeam.cdp.state",
                "veeam.cdp.certificate.days",
                "veeam.cdp.clock.offset",
                "veeam.cdp.vms",
                "veeam.cdp.vms.ok",
                "veeam.cdp.vms.warning",
                "veeam.cdp.vms.failed",
                "veeam.cdp.vms.unknown",
                "veeam.cdp.policies",
                "veeam.cdp.policies.ok",
                "veeam.cdp.policies.warning",
                "veeam.cdp.policies.failed",
                "veeam.cdp.policies.unknown"));
    for (String f :
        List.of(
            "state",
            "result",
            "task_state",
            "reason",
            "newest",
            "age",
            "age_warning",
            "age_critical",
            "size")) {
      expected.add("veeam.cdp.vm." + f + "[{#VM.ID}]");
    }
    expected.add("veeam.cdp.vm.missing[{#VM.ID}]");
    for (String f :
        List.of(
            "state",
            "session_state",
            "result",
            "message",
            "newest",
            "rpo",
            "rpo_warning",
            "rpo_failed",
            "long_term_interval",
            "missing")) {
      expected.add("veeam.cdp.policy." + f + "[{#POLICY.ID}]");
    }
    assertEquals(expected, new TreeSet<>(itemKeys(template)));

    String readme = Files.readString(MAIN_README, StandardCharsets.UTF_8);
    for (String key :
        List.of(
            "veeam.cdp.error",
            "veeam.cdp.collected",
            "veeam.cdp.state",
            "veeam.cdp.certificate.days",
            "veeam.cdp.clock.offset")) {
      assertTrue(readme.contains("`" + key + "`"), key + " is not in the README's table");
    }
    assertTrue(readme.contains("`veeam.cdp.vm.state[{#VM.ID}]`"));
    assertTrue(readme.contains("`veeam.cdp.policy.state[{#POLICY.ID}]`"));
    List<String> rules =
        maps(template.get("discovery_rules")).stream().map(r -> r.get("key").toString()).toList();
    assertEquals(List.of("veeam.cdp.policy.discovery", "veeam.cdp.vm.discovery"), rules);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void triggersAreTheSpecifiedOnesAndTheVmAndPolicyOnesDependOnTheCollectorHealth(Flavour flavour) {
    String t = flavour.template();
    Map<String, String[]> expected = new TreeMap<>();
    expected.put(
        "Veeam CDP: collection failed",
        new String[] {"HIGH", "length(last(/" + t + "/veeam.cdp.error))>0"});
    expected.put(
        "Veeam CDP: no data for {$VEEAM.CDP.NODATA}",
        new String[] {"AVERAGE", "nodata(/" + t + "/veeam.cdp.collected,{$VEEAM.CDP.NODATA})=1"});
    expected.put(
        "Veeam CDP: no CDP-replicated VM visible",
        new String[] {"AVERAGE", "last(/" + t + "/veeam.cdp.vms)=0"});
    expected.put(
        "Veeam CDP: EM's certificate expires in less than {$VEEAM.CDP.CERT.WARN} days",
        new String[] {
          "WARNING", "last(/" + t + "/veeam.cdp.certificate.days)<{$VEEAM.CDP.CERT.WARN}"
        });
    expected.put(
        "Veeam CDP: EM's clock is more than 5 minutes off",
        new String[] {"WARNING", "last(/" + t + "/veeam.cdp.clock.offset)<>0"});
    expected.put(
        "VM [{#VM}]: CDP replication failed",
        new String[] {"HIGH", "last(/" + t + "/veeam.cdp.vm.result[{#VM.ID}])=\"Failed\""});
    expected.put(
        "VM [{#VM}]: CDP replication warning",
        new String[] {"WARNING", "last(/" + t + "/veeam.cdp.vm.result[{#VM.ID}])=\"Warning\""});
    expected.put(
        "VM [{#VM}]: CDP state unknown",
        new String[] {"AVERAGE", "last(/" + t + "/veeam.cdp.vm.state[{#VM.ID}])=3"});
    expected.put(
        "VM [{#VM}]: no new CDP session for {$VEEAM.CDP.AGE.CRIT:\"{#VM}\"}",
        new String[] {
          "HIGH",
          "now()-last(/" + t + "/veeam.cdp.vm.newest[{#VM.ID}])>{$VEEAM.CDP.AGE.CRIT:\"{#VM}\"}"
        });
    expected.put(
        "VM [{#VM}]: no new CDP session for {$VEEAM.CDP.AGE.WARN:\"{#VM}\"}",
        new String[] {
          "WARNING",
          "now()-last(/" + t + "/veeam.cdp.vm.newest[{#VM.ID}])>{$VEEAM.CDP.AGE.WARN:\"{#VM}\"}"
        });
    expected.put(
        "VM [{#VM}]: no CDP task session in the look-back window",
        new String[] {"HIGH", "last(/" + t + "/veeam.cdp.vm.missing[{#VM.ID}])=1"});
    expected.put(
        "Policy [{#POLICY}]: CDP policy stopped",
        new String[] {
          "HIGH", "last(/" + t + "/veeam.cdp.policy.session_state[{#POLICY.ID}])=\"Stopped\""
        });
    expected.put(
        "Policy [{#POLICY}]: CDP policy state unknown",
        new String[] {"AVERAGE", "last(/" + t + "/veeam.cdp.policy.state[{#POLICY.ID}])=3"});
    expected.put(
        "Policy [{#POLICY}]: no CDP policy session",
        new String[] {"HIGH", "last(/" + t + "/veeam.cdp.policy.missing[{#POLICY.ID}])=1"});

    Map<String, Map<String, Object>> triggers = triggers(template(flavour));
    assertEquals(expected.keySet(), triggers.keySet());
    Map<String, Object> failed = triggers.get("Veeam CDP: collection failed");
    Map<String, Object> noData = triggers.get("Veeam CDP: no data for {$VEEAM.CDP.NODATA}");
    for (Map.Entry<String, String[]> e : expected.entrySet()) {
      Map<String, Object> trigger = triggers.get(e.getKey());
      assertEquals(e.getValue()[0], trigger.get("priority"), e.getKey());
      String expression = trigger.get("expression").toString();
      assertTrue(
          expression.equals(e.getValue()[1]) || expression.startsWith(e.getValue()[1] + " and "),
          e.getKey() + ": " + expression);
      assertEquals(
          List.of(Map.of("tag", "scope", "value", "availability")),
          trigger.get("tags"),
          e.getKey());
      if (e.getKey().startsWith("VM ")
          || e.getKey().startsWith("Policy ")
          || e.getKey().contains("no CDP-replicated VM")) {
        List<Map<String, Object>> dependencies = maps(trigger.get("dependencies"));
        for (Map<String, Object> health : List.of(failed, noData)) {
          assertTrue(
              dependencies.contains(
                  Map.of("name", health.get("name"), "expression", health.get("expression"))),
              e.getKey() + " does not depend on " + health.get("name"));
        }
        for (Map<String, Object> dependency : dependencies) {
          Map<String, Object> target = triggers.get(dependency.get("name").toString());
          assertNotNull(target, "depends on an unknown trigger: " + dependency);
          assertEquals(target.get("expression"), dependency.get("expression"));
        }
      }
    }
    assertTrue(
        maps(
                triggers
                    .get("VM [{#VM}]: no new CDP session for {$VEEAM.CDP.AGE.WARN:\"{#VM}\"}")
                    .get("dependencies"))
            .stream()
            .anyMatch(
                d ->
                    d.get("name")
                        .equals(
                            "VM [{#VM}]: no new CDP session for {$VEEAM.CDP.AGE.CRIT:\"{#VM}\"}")),
        "the warning age depends on the critical age");

    // The failure texts are the operational data: the reason, the message, the error.
    assertEquals("{{ITEM.LASTVALUE1}.regsub(\"(.*)\", \\1)}", failed.get("opdata"));
    for (String name :
        List.of(
            "VM [{#VM}]: CDP replication failed",
            "VM [{#VM}]: CDP replication warning",
            "Policy [{#POLICY}]: CDP policy stopped")) {
      Map<String, Object> trigger = triggers.get(name);
      assertEquals("{{ITEM.LASTVALUE2}.regsub(\"(.*)\", \\1)}", trigger.get("opdata"), name);
      List<String> referenced = new ArrayList<>();
      Matcher m = ITEM_REFERENCE.matcher(trigger.get("expression").toString());
      while (m.find()) {
        referenced.add(m.group(2));
      }
      assertTrue(
          referenced.get(1).matches("veeam\\.cdp\\.(vm\\.reason|policy\\.message)\\[.*"),
          name + ": the second item is not the reason or message: " + referenced);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void valuesAreZabbix60Enumerations(Flavour flavour) {
    Map<String, Set<String>> allowed = new HashMap<>();
    allowed.put("value_type", Set.of("FLOAT", "CHAR", "UNSIGNED", "TEXT"));
    allowed.put("priority", Set.of("WARNING", "AVERAGE", "HIGH"));
    allowed.put("error_handler", Set.of("DISCARD_VALUE"));
    allowed.put("evaltype", Set.of("AND"));
    allowed.put("operator", Set.of("MATCHES_REGEX", "NOT_MATCHES_REGEX"));
    Set<String> itemTypes = Set.of("TRAP", "EXTERNAL", "DEPENDENT");
    Set<String> itemSteps =
        Set.of("JSONPATH", "JAVASCRIPT", "BOOL_TO_DECIMAL", "DISCARD_UNCHANGED_HEARTBEAT");
    Set<String> ruleSteps = Set.of("JAVASCRIPT", "DISCARD_UNCHANGED_HEARTBEAT");
    Set<String> widgetTypes =
        Set.of("CLOCK", "GRAPH_CLASSIC", "GRAPH_PROTOTYPE", "ITEM", "PLAIN_TEXT", "URL");
    Set<String> fieldTypes =
        Set.of("INTEGER", "STRING", "HOST", "ITEM", "ITEM_PROTOTYPE", "GRAPH", "GRAPH_PROTOTYPE");

    Map<String, Object> template = template(flavour);
    List<Map<String, Object>> items = new ArrayList<>(maps(template.get("items")));
    for (Map<String, Object> rule : maps(template.get("discovery_rules"))) {
      assertTrue(itemTypes.contains(rule.get("type")));
      maps(rule.get("preprocessing"))
          .forEach(s -> assertTrue(ruleSteps.contains(s.get("type")), s.toString()));
      items.addAll(maps(rule.get("item_prototypes")));
    }
    for (Map<String, Object> item : items) {
      assertTrue(itemTypes.contains(item.get("type")), item.get("key").toString());
      maps(item.get("preprocessing"))
          .forEach(
              s -> {
                assertTrue(itemSteps.contains(s.get("type")), s.toString());
                assertFalse(list(s.get("parameters")).isEmpty(), "a step needs its parameters");
              });
    }
    walk(
        template,
        (key, value) -> {
          Set<String> values = allowed.get(key);
          if (values != null) {
            assertTrue(values.contains(value.toString()), key + ": " + value);
          }
        });
    for (Map<String, Object> dashboard : maps(template.get("dashboards"))) {
      for (Map<String, Object> page : maps(dashboard.get("pages"))) {
        for (Map<String, Object> widget : maps(page.get("widgets"))) {
          assertTrue(widgetTypes.contains(widget.get("type")), widget.toString());
          maps(widget.get("fields"))
              .forEach(f -> assertTrue(fieldTypes.contains(f.get("type")), f.toString()));
        }
      }
    }
    for (Map<String, Object> graph : graphs(flavour)) {
      Object type = graph.get("type");
      assertTrue(type == null || Set.of("NORMAL", "STACKED").contains(type), graph.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void stateItemsUseTheValueMapAndTimesSizesAndAgesHaveTheirUnits(Flavour flavour) {
    Map<String, Object> template = template(flavour);
    Map<String, Object> valueMap = maps(template.get("valuemaps")).get(0);
    assertEquals("Veeam CDP state", valueMap.get("name"));
    assertEquals(
        List.of(
            Map.of("value", "0", "newvalue", "OK"),
            Map.of("value", "1", "newvalue", "Warning"),
            Map.of("value", "2", "newvalue", "Critical"),
            Map.of("value", "3", "newvalue", "Unknown")),
        valueMap.get("mappings"));
    for (Map<String, Object> item : allItems(template)) {
      String key = item.get("key").toString();
      String base = key.replaceAll("\\[.*", "");
      if (base.endsWith(".state")) {
        assertEquals(Map.of("name", "Veeam CDP state"), item.get("valuemap"), key);
      } else {
        assertFalse(item.containsKey("valuemap"), key);
      }
      String units =
          switch (base) {
            case "veeam.cdp.collected", "veeam.cdp.vm.newest", "veeam.cdp.policy.newest" ->
                "unixtime";
            case "veeam.cdp.clock.offset",
                "veeam.cdp.vm.age",
                "veeam.cdp.vm.age_warning",
                "veeam.cdp.vm.age_critical",
                "veeam.cdp.policy.rpo",
                "veeam.cdp.policy.rpo_warning",
                "veeam.cdp.policy.rpo_failed",
                "veeam.cdp.policy.long_term_interval" ->
                "s";
            case "veeam.cdp.vm.size" -> "B";
            default -> null;
          };
      assertEquals(units, item.get("units"), key);
      Object valueType = item.getOrDefault("value_type", "UNSIGNED");
      if (valueType.equals("CHAR") || valueType.equals("TEXT")) {
        assertEquals("0", item.get("trends"), key + ": text has no trends");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void discoveryKeepsItsItemsOnErrorAndLongerThanTheCriticalAge(Flavour flavour) {
    Map<String, Object> template = template(flavour);
    Map<String, String> macros = new HashMap<>();
    maps(template.get("macros"))
        .forEach(m -> macros.put(m.get("macro").toString(), (String) m.getOrDefault("value", "")));
    assertEquals("7d", macros.get("{$VEEAM.CDP.LLD.LIFETIME}"));
    assertTrue(
        duration(macros.get("{$VEEAM.CDP.LLD.LIFETIME}"))
                .compareTo(duration(macros.get("{$VEEAM.CDP.AGE.CRIT}")))
            > 0);
    assertTrue(
        duration(macros.get("{$VEEAM.CDP.AGE.WARN}"))
                .compareTo(duration(macros.get("{$VEEAM.CDP.AGE.CRIT}")))
            < 0);
    for (String filter : List.of("VM", "POLICY", "BACKUP.SERVER")) {
      assertEquals(".*", macros.get("{$VEEAM.CDP." + filter + ".MATCHES}"));
      assertEquals("CHANGE_IF_NEEDED", macros.get("{$VEEAM.CDP." + filter + ".NOT_MATCHES}"));
    }
    Map<String, String> defaults =
        Map.of(
            "{$VEEAM.CDP.AGE.WARN}", "26h",
            "{$VEEAM.CDP.AGE.CRIT}", "2d",
            "{$VEEAM.CDP.NODATA}", "30m");
    defaults.forEach((macro, value) -> assertEquals(value, macros.get(macro), macro));
    if (flavour == Flavour.EXTERNAL) {
      Map<String, String> external =
          Map.of(
              "{$VEEAM.CDP.FINGERPRINT}", "",
              "{$VEEAM.CDP.CA.FILE}", "",
              "{$VEEAM.CDP.SESSION.CACHE}", "",
              "{$VEEAM.CDP.TIMEOUT}", "10",
              "{$VEEAM.CDP.LOOKBACK}", "7d",
              "{$VEEAM.CDP.INTERVAL}", "5m");
      external.forEach((macro, value) -> assertEquals(value, macros.get(macro), macro));
    }

    for (Map<String, Object> rule : maps(template.get("discovery_rules"))) {
      boolean vm = rule.get("key").equals("veeam.cdp.vm.discovery");
      assertEquals("{$VEEAM.CDP.LLD.LIFETIME}", rule.get("lifetime"));
      List<Map<String, Object>> steps = maps(rule.get("preprocessing"));
      assertEquals(
          List.of("JAVASCRIPT", "DISCARD_UNCHANGED_HEARTBEAT"),
          steps.stream().map(s -> s.get("type")).toList());
      String script = list(steps.get(0).get("parameters")).get(0).toString();
      assertTrue(script.contains("d.error") && script.contains("throw"), script);
      assertTrue(script.contains(vm ? "d.vms" : "d.policies"), script);
      Map<String, String> paths = new TreeMap<>();
      maps(rule.get("lld_macro_paths"))
          .forEach(p -> paths.put(p.get("lld_macro").toString(), p.get("path").toString()));
      Map<String, String> expectedPaths =
          vm
              ? Map.of(
                  "{#VM}", "$.name",
                  "{#VM.ID}", "$.id",
                  "{#POLICY}", "$.policy",
                  "{#POLICY.ID}", "$.policy_id",
                  "{#BACKUP.SERVER}", "$.backup_server")
              : Map.of(
                  "{#POLICY}", "$.name",
                  "{#POLICY.ID}", "$.id",
                  "{#BACKUP.SERVER}", "$.backup_server");
      assertEquals(new TreeMap<>(expectedPaths), paths);
      // The script hands on exactly the fields the macro paths read.
      for (String path : paths.values()) {
        String field = path.substring(2);
        assertTrue(script.contains(field + ": "), field + " is not in the script's output");
      }

      Map<String, Object> filter = map(rule.get("filter"));
      assertEquals("AND", filter.get("evaltype"));
      Set<String> conditions = new TreeSet<>();
      for (Map<String, Object> c : maps(filter.get("conditions"))) {
        conditions.add(c.get("macro") + " " + c.get("operator") + " " + c.get("value"));
      }
      Set<String> expectedConditions = new TreeSet<>();
      Map<String, String> filtered =
          vm
              ? Map.of("{#VM}", "VM", "{#POLICY}", "POLICY", "{#BACKUP.SERVER}", "BACKUP.SERVER")
              : Map.of("{#POLICY}", "POLICY", "{#BACKUP.SERVER}", "BACKUP.SERVER");
      filtered.forEach(
          (lld, name) -> {
            expectedConditions.add(lld + " MATCHES_REGEX {$VEEAM.CDP." + name + ".MATCHES}");
            expectedConditions.add(
                lld + " NOT_MATCHES_REGEX {$VEEAM.CDP." + name + ".NOT_MATCHES}");
          });
      assertEquals(expectedConditions, conditions);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void theDashboardFitsThe60GridAndShowsExistingItemsAndGraphs(Flavour flavour) {
    Map<String, Object> template = template(flavour);
    Set<String> keys = itemKeys(template);
    Set<String> graphNames = new HashSet<>();
    graphs(flavour).forEach(g -> graphNames.add(g.get("name").toString()));
    Set<String> graphPrototypes = new HashSet<>();
    for (Map<String, Object> rule : maps(template.get("discovery_rules"))) {
      maps(rule.get("graph_prototypes"))
          .forEach(g -> graphPrototypes.add(g.get("name").toString()));
    }
    List<Map<String, Object>> dashboards = maps(template.get("dashboards"));
    assertEquals(1, dashboards.size());
    boolean[][] grid = new boolean[63][24];
    Set<String> shown = new HashSet<>();
    for (Map<String, Object> page : maps(dashboards.get(0).get("pages"))) {
      for (Map<String, Object> widget : maps(page.get("widgets"))) {
        int x = Integer.parseInt(widget.getOrDefault("x", "0").toString());
        int y = Integer.parseInt(widget.getOrDefault("y", "0").toString());
        int width = Integer.parseInt(widget.get("width").toString());
        int height = Integer.parseInt(widget.get("height").toString());
        assertTrue(x >= 0 && width >= 1 && x + width <= 24, widget.toString());
        assertTrue(y >= 0 && height >= 2 && height <= 32 && y + height <= 63, widget.toString());
        for (int row = y; row < y + height; row++) {
          for (int column = x; column < x + width; column++) {
            assertFalse(grid[row][column], "widgets overlap at " + column + "," + row);
            grid[row][column] = true;
          }
        }
        for (Map<String, Object> field : maps(widget.get("fields"))) {
          Object value = field.get("value");
          switch (field.get("type").toString()) {
            case "ITEM" -> {
              assertEquals(flavour.template(), map(value).get("host"));
              assertTrue(keys.contains(map(value).get("key").toString()), value.toString());
              shown.add(map(value).get("key").toString());
            }
            case "GRAPH" -> {
              assertEquals(flavour.template(), map(value).get("host"));
              assertTrue(graphNames.contains(map(value).get("name").toString()), value.toString());
            }
            case "GRAPH_PROTOTYPE" -> {
              assertEquals(flavour.template(), map(value).get("host"));
              assertTrue(
                  graphPrototypes.contains(map(value).get("name").toString()), value.toString());
              shown.add(map(value).get("name").toString());
            }
            default -> assertTrue(value instanceof String, field.toString());
          }
        }
      }
    }
    assertTrue(
        shown.containsAll(
            Set.of(
                "veeam.cdp.vms.ok",
                "veeam.cdp.vms.warning",
                "veeam.cdp.vms.failed",
                "veeam.cdp.vms.unknown",
                "VM [{#VM}]: Age of the newest session",
                "VM [{#VM}]: Size")),
        "VM counts by state, age and size per VM: " + shown);
    for (Map<String, Object> graph : graphs(flavour)) {
      for (Map<String, Object> graphItem : maps(graph.get("graph_items"))) {
        assertEquals(flavour.template(), map(graphItem.get("item")).get("host"));
        assertTrue(keys.contains(map(graphItem.get("item")).get("key").toString()));
      }
    }
  }

  @Test
  void theReadmeListsEveryMacroWithItsDefaultAndTemplates() throws IOException {
    String readme = Files.readString(MAIN_README, StandardCharsets.UTF_8);
    Set<String> trapper = macroNames(Flavour.TRAPPER);
    for (Map<String, Object> macro : maps(template(Flavour.EXTERNAL).get("macros"))) {
      String name = macro.get("macro").toString();
      String value = (String) macro.getOrDefault("value", "");
      String row =
          "| `"
              + name
              + "` | "
              + (value.isEmpty() ? "empty" : "`" + value + "`")
              + " | "
              + (trapper.contains(name) ? "both" : "external")
              + " |";
      assertTrue(readme.contains(row), "README.md lacks the row " + row);
    }
    for (Flavour flavour : Flavour.values()) {
      assertTrue(readme.contains(flavour.fileName()) && readme.contains(flavour.template()));
    }
  }

  // --- (c) the JSONPaths against the README's document ----------------------------------------

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void preprocessingSelectsTheDocumentedValuesFromTheReadmeDocument(Flavour flavour)
      throws IOException {
    Map<String, Object> document = readmeDocument();
    Map<String, Object> vm = maps(document.get("vms")).get(0);
    Map<String, Object> policy = maps(document.get("policies")).get(0);
    Map<String, String> expected = new TreeMap<>();
    expected.put("veeam.cdp.collected", "1795953600");
    expected.put("veeam.cdp.state", "2");
    expected.put("veeam.cdp.certificate.days", "286");
    expected.put("veeam.cdp.clock.offset", "0");
    expected.put("veeam.cdp.vms", "14");
    expected.put("veeam.cdp.vms.ok", "8");
    expected.put("veeam.cdp.vms.warning", "1");
    expected.put("veeam.cdp.vms.failed", "5");
    expected.put("veeam.cdp.vms.unknown", "0");
    expected.put("veeam.cdp.policies", "3");
    expected.put("veeam.cdp.policies.ok", "2");
    expected.put("veeam.cdp.policies.warning", "0");
    expected.put("veeam.cdp.policies.failed", "1");
    expected.put("veeam.cdp.policies.unknown", "0");
    expected.put("veeam.cdp.vm.state[{#VM.ID}]", "2");
    expected.put("veeam.cdp.vm.result[{#VM.ID}]", "Failed");
    expected.put("veeam.cdp.vm.task_state[{#VM.ID}]", "InProgress");
    expected.put("veeam.cdp.vm.reason[{#VM.ID}]", "Error: Failed to ...");
    expected.put("veeam.cdp.vm.newest[{#VM.ID}]", "1795939200");
    expected.put("veeam.cdp.vm.age[{#VM.ID}]", "14400");
    expected.put("veeam.cdp.vm.size[{#VM.ID}]", "20401094656");
    expected.put("veeam.cdp.vm.missing[{#VM.ID}]", "0");
    expected.put("veeam.cdp.vm.age_warning[{#VM.ID}]", "43200");
    expected.put("veeam.cdp.vm.age_critical[{#VM.ID}]", "86400");
    expected.put("veeam.cdp.policy.rpo[{#POLICY.ID}]", "15");
    expected.put("veeam.cdp.policy.rpo_warning[{#POLICY.ID}]", "30");
    expected.put("veeam.cdp.policy.rpo_failed[{#POLICY.ID}]", "60");
    expected.put("veeam.cdp.policy.long_term_interval[{#POLICY.ID}]", "28800");
    expected.put("veeam.cdp.policy.state[{#POLICY.ID}]", "2");
    expected.put("veeam.cdp.policy.session_state[{#POLICY.ID}]", "Stopped");
    expected.put("veeam.cdp.policy.result[{#POLICY.ID}]", "Failed");
    expected.put("veeam.cdp.policy.message[{#POLICY.ID}]", "Policy was stopped ...");
    expected.put("veeam.cdp.policy.newest[{#POLICY.ID}]", "1795845600");
    expected.put("veeam.cdp.policy.missing[{#POLICY.ID}]", "0");

    Map<String, String> actual = new TreeMap<>();
    for (Map<String, Object> item : allItems(template(flavour))) {
      String key = item.get("key").toString();
      List<Map<String, Object>> steps = maps(item.get("preprocessing"));
      if (steps.isEmpty() || !steps.get(0).get("type").equals("JSONPATH")) {
        continue;
      }
      Map<String, String> lld =
          Map.of("{#VM.ID}", vm.get("id").toString(), "{#POLICY.ID}", policy.get("id").toString());
      run(steps, document, lld).ifPresent(v -> actual.put(key, v));
    }
    assertEquals(expected, actual);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aValueTheDocumentLeavesOutIsDiscardedNotAnError(Flavour flavour) throws IOException {
    Map<String, Object> document = readmeDocument();
    Map<String, Object> vm = maps(document.get("vms")).get(0);
    for (String absent : List.of("newest_session", "newest_session_clock", "age", "size")) {
      vm.remove(absent);
    }
    Map<String, String> known =
        Map.of(
            "{#VM.ID}",
            vm.get("id").toString(),
            "{#POLICY.ID}",
            maps(document.get("policies")).get(0).get("id").toString());
    Map<String, String> unknown = Map.of("{#VM.ID}", "0000000000000000", "{#POLICY.ID}", "ffff");
    Set<String> discarded = new TreeSet<>();
    for (Map<String, Object> item : allItems(template(flavour))) {
      List<Map<String, Object>> steps = maps(item.get("preprocessing"));
      if (steps.isEmpty() || !steps.get(0).get("type").equals("JSONPATH")) {
        continue;
      }
      String key = item.get("key").toString();
      boolean prototype = key.contains("[{#");
      for (Map<String, String> lld : prototype ? List.of(known, unknown) : List.of(known)) {
        String path = substitute(list(steps.get(0).get("parameters")).get(0).toString(), lld);
        if (JsonPath.evaluate(path, document).isEmpty()) {
          assertEquals(
              "DISCARD_VALUE",
              steps.get(0).get("error_handler"),
              key + " would turn unsupported for " + lld);
          if (lld == known) {
            discarded.add(key);
          }
        }
      }
      if (prototype) {
        assertEquals("DISCARD_VALUE", steps.get(0).get("error_handler"), key);
      }
    }
    assertEquals(
        Set.of(
            "veeam.cdp.vm.newest[{#VM.ID}]",
            "veeam.cdp.vm.age[{#VM.ID}]",
            "veeam.cdp.vm.size[{#VM.ID}]"),
        discarded);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void everyPrototypeFiltersByIdAndReadsAFieldOfTheReadmeDocument(Flavour flavour)
      throws IOException {
    Map<String, Object> document = readmeDocument();
    Set<String> vmFields = maps(document.get("vms")).get(0).keySet();
    Set<String> policyFields = maps(document.get("policies")).get(0).keySet();
    for (Map<String, Object> rule : maps(template(flavour).get("discovery_rules"))) {
      boolean vm = rule.get("key").equals("veeam.cdp.vm.discovery");
      for (Map<String, Object> prototype : maps(rule.get("item_prototypes"))) {
        Map<String, Object> first = maps(prototype.get("preprocessing")).get(0);
        assertEquals("JSONPATH", first.get("type"));
        String path = list(first.get("parameters")).get(0).toString();
        Matcher m = (vm ? VM_FILTER : POLICY_FILTER).matcher(path);
        assertTrue(m.matches(), prototype.get("key") + ": " + path);
        assertTrue(
            (vm ? vmFields : policyFields).contains(m.group(1)),
            m.group(1) + " is no field of the README's document");
        if (prototype.get("key").toString().contains(".missing[")) {
          assertEquals("BOOL_TO_DECIMAL", maps(prototype.get("preprocessing")).get(1).get("type"));
        }
      }
      String script =
          list(maps(rule.get("preprocessing")).get(0).get("parameters")).get(0).toString();
      Matcher field = Pattern.compile("\\b[vp]\\.([a-z_]+)").matcher(script);
      int fields = 0;
      while (field.find()) {
        fields++;
        assertTrue(
            (vm ? vmFields : policyFields).contains(field.group(1)),
            field.group(1) + " is no field of the README's document");
      }
      assertTrue(fields >= 3);
    }
    for (String field : List.of("collected_clock", "state", "error", "summary")) {
      assertTrue(document.containsKey(field), field);
    }
  }

  /** The README's document, which the checks above read, has the fields of one collect printed. */
  @Test
  void theReadmeDocumentHasTheFieldsOfARealCollectDocument() throws IOException {
    List<String> golden =
        Files.readAllLines(Path.of("src/test/resources/golden/demo-collect.expected"));
    Map<String, Object> real =
        map(
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(golden.get(golden.indexOf("--- stdout") + 1)));
    Map<String, Object> readme = readmeDocument();

    // The golden run is over plain HTTP, where the document leaves the certificate out.
    Set<String> readmeOverHttp = new HashSet<>(readme.keySet());
    assertTrue(readmeOverHttp.remove("certificate_expires_in_days"));
    assertEquals(real.keySet(), readmeOverHttp);
    assertEquals(map(real.get("summary")).keySet(), map(readme.get("summary")).keySet());
    assertEquals(maps(real.get("vms")).get(0).keySet(), maps(readme.get("vms")).get(0).keySet());
    assertEquals(
        maps(real.get("policies")).get(0).keySet(), maps(readme.get("policies")).get(0).keySet());
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void theErrorItemTellsNullFromAbsentWithAScript(Flavour flavour) {
    Map<String, Object> error =
        maps(template(flavour).get("items")).stream()
            .filter(i -> i.get("key").equals("veeam.cdp.error"))
            .findFirst()
            .orElseThrow();
    List<Map<String, Object>> steps = maps(error.get("preprocessing"));
    assertEquals("JAVASCRIPT", steps.get(0).get("type"));
    String script = list(steps.get(0).get("parameters")).get(0).toString();
    assertTrue(script.contains("JSON.parse(value)"), script);
    assertTrue(
        script.contains(
            "return (d.error === null || d.error === undefined) ? '' : String(d.error);"),
        script);
    assertEquals("TEXT", error.get("value_type"));
  }

  // --- helpers --------------------------------------------------------------------------------

  private static Map<String, Object> parse(Flavour flavour) {
    return map(
        new Yaml(new SafeConstructor(new LoaderOptions())).load(TemplateSource.yaml(flavour)));
  }

  private static Map<String, Object> template(Flavour flavour) {
    return map(list(map(parse(flavour).get("zabbix_export")).get("templates")).get(0));
  }

  private static List<Map<String, Object>> graphs(Flavour flavour) {
    return maps(map(parse(flavour).get("zabbix_export")).get("graphs"));
  }

  private static Map<String, Object> readmeDocument() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "the README has no JSON document");
    return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(m.group(1)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map, "not a mapping: " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertTrue(o instanceof List, "not a list: " + o);
    return (List<Object>) o;
  }

  private static List<Map<String, Object>> maps(Object o) {
    if (o == null) {
      return List.of();
    }
    return list(o).stream().map(TemplatesTest::map).toList();
  }

  private static Set<String> itemKeys(Map<String, Object> template) {
    Set<String> keys = new HashSet<>();
    allItems(template).forEach(i -> keys.add(i.get("key").toString()));
    return keys;
  }

  private static List<Map<String, Object>> allItems(Map<String, Object> template) {
    List<Map<String, Object>> items = new ArrayList<>(maps(template.get("items")));
    maps(template.get("discovery_rules"))
        .forEach(r -> items.addAll(maps(r.get("item_prototypes"))));
    return items;
  }

  /** Every trigger and trigger prototype of a template, by name. */
  private static Map<String, Map<String, Object>> triggers(Map<String, Object> template) {
    Map<String, Map<String, Object>> triggers = new TreeMap<>();
    Consumer<Map<String, Object>> add =
        t -> assertTrue(triggers.put(t.get("name").toString(), t) == null, "twice: " + t);
    maps(template.get("items")).forEach(i -> maps(i.get("triggers")).forEach(add));
    for (Map<String, Object> rule : maps(template.get("discovery_rules"))) {
      maps(rule.get("item_prototypes"))
          .forEach(p -> maps(p.get("trigger_prototypes")).forEach(add));
      maps(rule.get("trigger_prototypes")).forEach(add);
    }
    return triggers;
  }

  private static Set<Object> referencedKeys(Map<String, Object> trigger) {
    Set<Object> keys = new HashSet<>();
    Matcher m = ITEM_REFERENCE.matcher(trigger.get("expression").toString());
    while (m.find()) {
      keys.add(m.group(2));
    }
    return keys;
  }

  private static Set<String> macroNames(Flavour flavour) {
    Set<String> names = new TreeSet<>();
    maps(template(flavour).get("macros")).forEach(m -> names.add(m.get("macro").toString()));
    return names;
  }

  private static Set<String> macrosIn(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = MACRO.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> result = new TreeSet<>(a);
    result.removeAll(b);
    return result;
  }

  /** Zabbix's own durations: a number with s, m, h, d or w. */
  private static Duration duration(String value) {
    long n = Long.parseLong(value.substring(0, value.length() - 1));
    return switch (value.charAt(value.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      case 'w' -> Duration.ofDays(7 * n);
      default -> throw new IllegalArgumentException(value);
    };
  }

  /** Calls back for every entity (a mapping in one of {@link #ENTITY_LISTS}). */
  private static void entities(Object node, BiConsumer<String, Map<String, Object>> each) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (ENTITY_LISTS.contains(e.getKey().toString()) && e.getValue() instanceof List<?> l) {
          for (Object element : l) {
            each.accept(e.getKey().toString(), map(element));
          }
        }
        entities(e.getValue(), each);
      }
    } else if (node instanceof List<?> l) {
      l.forEach(element -> entities(element, each));
    }
  }

  /** Calls back for every scalar with the key it stands under. */
  private static void walk(Object node, BiConsumer<String, Object> each) {
    walk(null, node, each);
  }

  private static void walk(String key, Object node, BiConsumer<String, Object> each) {
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(k.toString(), v, each));
    } else if (node instanceof List<?> l) {
      l.forEach(element -> walk(key, element, each));
    } else if (node != null) {
      each.accept(key, node);
    }
  }

  /**
   * The template with what may differ between the two set to placeholders: UUIDs, the name, the
   * description, the master item (checked on its own) and the macros only the external check uses.
   */
  private static Map<String, Object> normalized(Flavour flavour) {
    Set<String> shared = macroNames(Flavour.TRAPPER);
    Object tree = replace(parse(flavour), flavour);
    Map<String, Object> template =
        map(list(map(map(tree).get("zabbix_export")).get("templates")).get(0));
    template.put("description", "DESCRIPTION");
    template.put(
        "items",
        maps(template.get("items")).stream().filter(i -> !i.get("key").equals("MASTER")).toList());
    template.put(
        "macros",
        maps(template.get("macros")).stream()
            .filter(m -> shared.contains(m.get("macro").toString()))
            .toList());
    return map(tree);
  }

  private static Object replace(Object node, Flavour flavour) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) ->
              out.put(
                  k.toString(),
                  k.equals("uuid") && !v.equals(TemplateSource.GROUP_UUID)
                      ? "UUID"
                      : replace(v, flavour)));
      return out;
    }
    if (node instanceof List<?> l) {
      return new ArrayList<>(l.stream().map(e -> replace(e, flavour)).toList());
    }
    if (node instanceof String s) {
      return s.equals(flavour.masterKey()) ? "MASTER" : s.replace(flavour.template(), "TEMPLATE");
    }
    return node;
  }

  private static String substitute(String text, Map<String, String> lld) {
    String result = text;
    for (Map.Entry<String, String> e : lld.entrySet()) {
      result = result.replace(e.getKey(), e.getValue());
    }
    return result;
  }

  /**
   * Runs an item's preprocessing as far as it is data selection: JSONPATH (an empty result is a
   * failure: the value is discarded, or the item would turn unsupported), BOOL_TO_DECIMAL, and
   * DISCARD_UNCHANGED_HEARTBEAT (a no-op for one value).
   */
  private static Optional<String> run(
      List<Map<String, Object>> steps, Map<String, Object> document, Map<String, String> lld) {
    String value = null;
    for (Map<String, Object> step : steps) {
      String parameter = list(step.get("parameters")).get(0).toString();
      switch (step.get("type").toString()) {
        case "JSONPATH" -> {
          Optional<Object> selected = JsonPath.evaluate(substitute(parameter, lld), document);
          if (selected.isEmpty()) {
            return Optional.empty();
          }
          value = String.valueOf(selected.get());
        }
        case "BOOL_TO_DECIMAL" ->
            value =
                switch (value) {
                  case "true" -> "1";
                  case "false" -> "0";
                  default -> throw new AssertionError("not a boolean: " + value);
                };
        case "DISCARD_UNCHANGED_HEARTBEAT" -> {}
        default -> fail("no simulation of " + step.get("type"));
      }
    }
    return Optional.ofNullable(value);
  }

  /**
   * The part of Zabbix's JSONPath these templates use: {@code $}, {@code .name}, {@code
   * [?(@.name=='text')]} and a final {@code .first()}. A filter yields a list; {@code .first()} its
   * first element; a path that finds nothing yields nothing (Zabbix: "no data matches").
   */
  static final class JsonPath {
    private static final Pattern SEGMENT =
        Pattern.compile("\\.([a-z_]+)(\\(\\))?|\\[\\?\\(@\\.([a-z_]+)=='([^']*)'\\)]");

    private JsonPath() {}

    static Optional<Object> evaluate(String path, Object root) {
      assertTrue(path.startsWith("$"), path);
      List<Object> nodes = List.of(root);
      boolean definite = true;
      Matcher m = SEGMENT.matcher(path);
      int at = 1;
      while (at < path.length()) {
        assertTrue(m.find(at) && m.start() == at, "unsupported JSONPath at " + at + ": " + path);
        at = m.end();
        List<Object> next = new ArrayList<>();
        if (m.group(3) != null) {
          definite = false;
          for (Object node : nodes) {
            if (node instanceof List<?> l) {
              for (Object element : l) {
                if (element instanceof Map<?, ?> e
                    && m.group(4).equals(String.valueOf(e.get(m.group(3))))) {
                  next.add(element);
                }
              }
            }
          }
        } else if (m.group(2) != null) {
          assertEquals("first", m.group(1), path);
          assertEquals(path.length(), at, ".first() ends the path: " + path);
          if (!nodes.isEmpty()) {
            next.add(nodes.get(0));
          }
          definite = true;
        } else {
          for (Object node : nodes) {
            if (node instanceof Map<?, ?> map && map.containsKey(m.group(1))) {
              next.add(map.get(m.group(1)));
            }
          }
        }
        nodes = next;
      }
      assertTrue(definite, "a filter without .first() yields a list: " + path);
      return nodes.isEmpty() ? Optional.empty() : Optional.ofNullable(nodes.get(0));
    }
  }
}
