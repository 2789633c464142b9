package io.cdpwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagon, checked over the production classes of every module. Each {@code check} asserts: it
 * fails the test with an AssertionError that lists every violation.
 */
class HexagonTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cdpwatch");
  }

  @Test
  void coreIsAnOnionAndTheAdaptersMeetOnlyInTheSharedCommandLineModule() {
    onionArchitecture()
        .domainModels("io.cdpwatch.core.domain..", "io.cdpwatch.core.check..")
        .domainServices("io.cdpwatch.core.port..")
        .applicationServices("io.cdpwatch.core.service..")
        .adapter("http", "io.cdpwatch.adapters.http..")
        .adapter("nagios", "io.cdpwatch.adapters.nagios..")
        .adapter("zabbix", "io.cdpwatch.adapters.zabbix..")
        // The shared command-line module is the composition root both commands use: it reaches
        // core and the HTTP adapter (rules of its own below), and no adapter reaches another.
        .ignoreDependency(
            JavaClass.Predicates.resideInAPackage("io.cdpwatch.cli.."),
            DescribedPredicate.alwaysTrue())
        .check(classes);
  }

  @Test
  void noAdapterDependsOnAnotherAdapter() {
    for (String adapter : List.of("http", "nagios", "zabbix")) {
      noClasses()
          .that()
          .resideInAPackage("io.cdpwatch.adapters." + adapter + "..")
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "are in another adapter",
                  (JavaClass c) ->
                      c.getPackageName().startsWith("io.cdpwatch.adapters.")
                          && !c.getPackageName().startsWith("io.cdpwatch.adapters." + adapter)))
          .check(classes);
    }
  }

  @Test
  void theSharedCommandLineModuleWiresTheHttpAdapterInOnePlaceAndKnowsNoCommand() {
    noClasses()
        .that()
        .resideInAPackage("io.cdpwatch.cli..")
        .and()
        .doNotHaveFullyQualifiedName("io.cdpwatch.cli.EmSources")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.cdpwatch.adapters..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.cdpwatch.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.cdpwatch.adapters.nagios..", "io.cdpwatch.adapters.zabbix..")
        .check(classes);
  }

  /**
   * Wording belongs to the presenters: core's sources (comments included) name no monitoring system
   * and none of its output terms, and its string literals hold no command-line option.
   */
  @Test
  void coreHoldsNoPresenterWording() throws IOException {
    Pattern systemTerms =
        Pattern.compile(
            "(?i)nagios|icinga|naemon|zabbix|perfdata|performance data|long output|plugin"
                + "|exit code|trapper|\\{#");
    Pattern optionInLiteral = Pattern.compile("\"[^\"\n]*(--[a-z]|(^|\\s)-[a-zA-Z]\\b)[^\"\n]*\"");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("../core/src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          Matcher term = systemTerms.matcher(line);
          Matcher option = optionInLiteral.matcher(line);
          if (term.find() || option.find()) {
            found.add(file.getFileName() + ":" + (i + 1) + ": " + line.strip());
          }
        }
      }
    }
    assertEquals(List.of(), found, "presenter wording in core");
  }

  @Test
  void inboundAndOutboundPortsDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage("io.cdpwatch.core.port.in..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.cdpwatch.core.port.out..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.cdpwatch.core.port.out..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.cdpwatch.core.port.in..")
        .check(classes);
  }

  @Test
  void coreUsesTheJdkAlone() {
    classes()
        .that()
        .resideInAPackage("io.cdpwatch.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.cdpwatch.core..", "java..")
        .check(classes);
  }

  @Test
  void theSimulatorKnowsNothingOfTheProductItSimulatesFor() {
    noClasses()
        .that()
        .resideInAPackage("io.cdpwatch.emsim..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.cdpwatch.core..", "io.cdpwatch.adapters..")
        .check(classes);
  }

  @Test
  void xmlBindingsStayInsideTheHttpAdapterAndJsonInsideZabbixs() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.cdpwatch.adapters.zabbix..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml.jackson..")
        .check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.cdpwatch.adapters.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta.xml.bind..", "org.apache.hc..")
        .check(classes);
  }
}
