package io.cdpwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
  void coreIsAnOnionAndAdaptersMeetOnlyAtTheEntryPointsComposition() {
    onionArchitecture()
        .domainModels("io.cdpwatch.core.domain..", "io.cdpwatch.core.check..")
        .domainServices("io.cdpwatch.core.port..")
        .applicationServices("io.cdpwatch.core.service..")
        .adapter("http", "io.cdpwatch.adapters.http..")
        .adapter("nagios", "io.cdpwatch.adapters.nagios..")
        // Composition by hand in the plugin's entry point: only there does the Nagios adapter
        // meet the HTTP adapter.
        .ignoreDependency(
            DescribedPredicate.describe(
                "the Nagios composition root",
                c -> c.getName().equals("io.cdpwatch.adapters.nagios.EmSources")),
            JavaClass.Predicates.resideInAPackage("io.cdpwatch.adapters.http.."))
        .check(classes);
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
  void xmlBindingsStayInsideTheHttpAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.cdpwatch.adapters.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta.xml.bind..", "org.apache.hc..")
        .check(classes);
  }
}
