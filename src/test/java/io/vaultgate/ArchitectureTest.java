package io.vaultgate;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map of the README's Development section, pinned: arrows point down only, pure packages import nothing
 * but the JDK and the model, adapters do not know each other, the reconciler knows ports and never adapters, and the
 * simulator, sandbox and mock server stay out of everything the container image runs.
 */
@AnalyzeClasses(packages = "io.vaultgate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String MODEL = "io.vaultgate.model..";
  private static final String API = "io.vaultgate.api..";
  private static final String VALIDATE = "io.vaultgate.validate..";
  private static final String PLAN = "io.vaultgate.plan..";
  private static final String ACCESS = "io.vaultgate.access..";
  private static final String PORT = "io.vaultgate.port..";
  private static final String HTTP = "io.vaultgate.http..";
  private static final String AZURE = "io.vaultgate.azure..";
  private static final String DEVOPS = "io.vaultgate.devops..";
  private static final String RECONCILE = "io.vaultgate.reconcile..";
  private static final String OPERATOR = "io.vaultgate.operator..";
  private static final String CLI = "io.vaultgate.cli..";
  private static final String SANDBOX = "io.vaultgate.sandbox..";
  private static final String SIMULATOR = "io.vaultgate.simulator..";
  private static final String RANGES = "io.vaultgate.ranges..";
  private static final String POLICY = "io.vaultgate.policy..";

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("io.vaultgate.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule noSimulatorPackageCycles = slices().matching("io.vaultgate.simulator.(**)").should()
      .beFreeOfCycles();

  @ArchTest
  static final ArchRule modelIsPlainJava = classes().that().resideInAPackage(MODEL)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", MODEL)
      .because("the model is pure values: no framework, no I/O");

  @ArchTest
  static final ArchRule validationIsPure = classes().that().resideInAPackage(VALIDATE)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", MODEL, VALIDATE)
      .because("the validator sees the spec as plain values, mapped at the edge; never fabric8, JOSDK or CRD types");

  @ArchTest
  static final ArchRule planningIsPure = classes().that().resideInAPackage(PLAN)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", MODEL, PLAN)
      .because("planners are pure functions of the model");

  @ArchTest
  static final ArchRule accessVerdictsArePure = classes().that().resideInAPackage(ACCESS)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", MODEL, ACCESS)
      .because("the access evaluator decides from live state given as plain values, so tests can drive it by the"
          + " thousand against the simulator's own data plane");

  @ArchTest
  static final ArchRule portsNameOnlyTheModel = classes().that().resideInAPackage(PORT)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", MODEL, PORT)
      .because("ports belong to their consumer and speak its language, not an SDK's");

  @ArchTest
  static final ArchRule apiIsTheCrdAndItsVocabulary = classes().that().resideInAPackage(API)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", MODEL, API, "io.fabric8..",
          "com.fasterxml.jackson..")
      .because("the CRD types take their enums and patterns from the model, so the CRD and the validator agree;"
          + " how they are read from JSON is theirs too");

  @ArchTest
  static final ArchRule httpKnowsNoAdapter = noClasses().that().resideInAPackage(HTTP)
      .should().dependOnClassesThat().resideInAnyPackage(AZURE, DEVOPS, API, RECONCILE, OPERATOR, CLI, SANDBOX,
          SIMULATOR);

  @ArchTest
  static final ArchRule adaptersAreSiblings = noClasses().that().resideInAPackage(AZURE)
      .should().dependOnClassesThat().resideInAnyPackage(DEVOPS, API, RECONCILE, OPERATOR, CLI, SANDBOX, SIMULATOR);

  @ArchTest
  static final ArchRule devOpsAdapterKnowsOnlyTheStack = noClasses().that().resideInAPackage(DEVOPS)
      .should().dependOnClassesThat().resideInAnyPackage(AZURE, API, RECONCILE, OPERATOR, CLI, SANDBOX, SIMULATOR);

  @ArchTest
  static final ArchRule reconcilerTalksToPortsOnly = noClasses().that().resideInAPackage(RECONCILE)
      .should().dependOnClassesThat().resideInAnyPackage(HTTP, AZURE, DEVOPS, RANGES, OPERATOR, CLI, SANDBOX,
          SIMULATOR, "com.azure..")
      .because("the reconciler decides; adapters translate, and operator wires them in");

  @ArchTest
  static final ArchRule configurationFilesKnowOnlyTheModel = noClasses().that().resideInAnyPackage(RANGES, POLICY)
      .should().dependOnClassesThat().resideInAnyPackage(API, VALIDATE, PLAN, ACCESS, PORT, HTTP, AZURE, DEVOPS, RECONCILE,
          OPERATOR, CLI, SANDBOX, SIMULATOR);

  @ArchTest
  static final ArchRule operatorRunsNoSandbox = noClasses().that().resideInAPackage(OPERATOR)
      .should().dependOnClassesThat().resideInAnyPackage(CLI, SANDBOX, SIMULATOR);

  @ArchTest
  static final ArchRule simulatorStandsAlone = noClasses().that().resideInAPackage(SIMULATOR)
      .should().dependOnClassesThat(resideInAPackage("io.vaultgate..").and(resideOutsideOfPackage(SIMULATOR)))
      .because("the simulator follows the public specifications, not vaultgate's idea of them");

  /** The image's jar leaves these out, so nothing the operator runs may need them. */
  @ArchTest
  static final ArchRule testSupportStaysOutOfTheOperator = noClasses()
      .that().resideOutsideOfPackages(SIMULATOR, SANDBOX).and().doNotHaveSimpleName("SandboxCommand")
      .and().doNotHaveFullyQualifiedName("io.vaultgate.cli.Main")
      .should().dependOnClassesThat().resideInAnyPackage(SIMULATOR, SANDBOX, "org.bouncycastle..",
          "io.fabric8.mockwebserver..", "io.fabric8.kubernetes.client.server.mock..", "io.vertx..", "io.netty..");

  /** A simulator type named like a production one would be one import away from testing the code with itself. */
  @ArchTest
  static void simulatorTypesShareNoNameWithProductionTypes(JavaClasses classes) {
    Set<String> production = classes.stream().filter(c -> !c.getPackageName().startsWith("io.vaultgate.simulator"))
        .map(JavaClass::getSimpleName).filter(n -> !n.isEmpty() && !n.equals("package-info")).collect(Collectors.toSet());
    List<String> clashes = classes.stream().filter(c -> c.getPackageName().startsWith("io.vaultgate.simulator"))
        .map(JavaClass::getSimpleName).filter(production::contains).distinct().sorted().toList();
    assertThat(clashes).isEmpty();
  }

  private static final Path RECONCILE_SOURCES = Path.of("src/main/java/io/vaultgate/reconcile");

  /** The reconciler reads like its steps; its parts stay small enough to read in one sitting. */
  @Test
  void everyClassInReconcileIsUnderThreeHundredLines() throws IOException {
    List<String> tooLong;
    try (Stream<Path> files = Files.list(RECONCILE_SOURCES)) {
      tooLong = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) >= 300)
          .map(f -> f.getFileName() + " (" + lines(f) + " lines)").toList();
    }
    assertThat(tooLong).isEmpty();
    assertThat(lines(RECONCILE_SOURCES.resolve("PrivateVaultAccessReconciler.java"))).isLessThan(250);
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
