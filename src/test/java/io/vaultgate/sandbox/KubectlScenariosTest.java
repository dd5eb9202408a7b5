package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end scenarios, driven by the real kubectl binary: against a fresh {@code vaultgate sandbox} (in CI),
 * or a real cluster and Azure (see {@code e2e/README.md}). Each scenario cleans up after itself, and checks Azure
 * the way an administrator would: by reading the vault through Azure Resource Manager. Waits are kubectl's own
 * ({@code kubectl wait}, watching), with timeouts; nothing sleeps.
 */
class KubectlScenariosTest {

  static final String TIMEOUT = "--timeout=120s";

  static E2eTarget target;
  static Kubectl kubectl;
  static AzureAdmin azure;

  @TempDir
  static Path manifests;

  @BeforeAll
  static void start() {
    target = E2eTarget.fromEnvironment();
    kubectl = new Kubectl(target.kubeconfig, manifests.resolve("kubectl-cache"));
    azure = new AzureAdmin(target.azure);
  }

  @AfterAll
  static void stop() throws IOException {
    if (target != null) {
      target.close();
    }
  }

  static void apply(String name, String vault, String mode, String... ranges) {
    try {
      Path file = manifests.resolve(name + ".yaml");
      Files.writeString(file, target.manifest(name, vault, mode, ranges));
      kubectl.ok("apply", "-f", file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String jsonpath(String name, String path) {
    return kubectl.ok("get", "pva", name, "-o", "jsonpath={" + path + "}");
  }

  static String readyCondition(String name, String field) {
    return jsonpath(name, ".status.conditions[?(@.type==\"Ready\")]." + field);
  }

  static void delete(String name) {
    kubectl.ok("delete", "pva", name, "--ignore-not-found", TIMEOUT);
  }

  static List<String> minus(List<String> all, List<String> some) {
    List<String> rest = new ArrayList<>(all);
    rest.removeAll(some);
    return rest;
  }

  @Test
  void appliedResourceBecomesReadyAndShowsItsColumnsConditionsAndEvents() {
    String vault = target.accessPolicyVault();
    List<String> before = azure.ipRules(vault);
    apply("e2e-ready", vault, "Apply", "131.107.160.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-ready", TIMEOUT);

      List<String> table = kubectl.ok("get", "pva", "e2e-ready").lines().toList();
      assertThat(table.get(0).split("\\s+")).containsExactly("NAME", "VAULT", "GEOGRAPHY", "MODE", "READY",
          "REASON", "AGE");
      assertThat(table.get(1).split("\\s+")).startsWith("e2e-ready", vaultName(vault),
          target.world.path("devOps").path("geography").asText(), "Apply", "True", "Converged");
      assertThat(kubectl.ok("get", "privatevaultaccesses.vaultgate.io", "-A")).contains("e2e-ready");
      assertThat(kubectl.ok("get", "vaultgate")).as("the CRD's category").contains("e2e-ready");

      assertThat(kubectl.ok("get", "pva", "e2e-ready", "-o", "yaml")).contains("ownedIpRules:", "131.107.160.0/24");
      assertThat(jsonpath("e2e-ready", ".status.observedGeneration")).isEqualTo("1");
      String describe = kubectl.ok("describe", "pva", "e2e-ready");
      assertThat(describe).contains("Events:", "FirewallUpdated");

      List<String> after = azure.ipRules(vault);
      assertThat(after).containsAll(before).contains("131.107.160.0/24");
      assertThat(minus(after, before)).hasSizeGreaterThan(1).as("the geography's ranges and the extra one")
          .allMatch(rule -> jsonpath("e2e-ready", ".status.firewall.ownedIpRules").contains(rule));
    } finally {
      delete("e2e-ready");
    }
    assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void specChangeConvergesTheVault() {
    String vault = target.rbacVault();
    apply("e2e-change", vault, "Apply", "131.107.161.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-change", TIMEOUT);
      assertThat(azure.ipRules(vault)).contains("131.107.161.0/24");

      apply("e2e-change", vault, "Apply", "131.107.162.0/24");
      kubectl.ok("wait", "--for=jsonpath={.status.observedGeneration}=2", "pva/e2e-change", TIMEOUT);
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-change", TIMEOUT);
      assertThat(azure.ipRules(vault)).contains("131.107.162.0/24").doesNotContain("131.107.161.0/24");
    } finally {
      delete("e2e-change");
    }
  }

  @Test
  void aRuleAddedInAzureBySomeoneElseSurvivesReconcilesAndDeletion() {
    String vault = target.accessPolicyVault();
    String foreign = "198.51.100.77/32";
    apply("e2e-foreign", vault, "Apply", "131.107.163.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-foreign", TIMEOUT);
      azure.addIpRule(vault, foreign);

      apply("e2e-foreign", vault, "Apply", "131.107.164.0/24");
      kubectl.ok("wait", "--for=jsonpath={.status.observedGeneration}=2", "pva/e2e-foreign", TIMEOUT);
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-foreign", TIMEOUT);
      assertThat(azure.ipRules(vault)).contains(foreign, "131.107.164.0/24").doesNotContain("131.107.163.0/24");
      assertThat(jsonpath("e2e-foreign", ".status.firewall.ownedIpRules")).doesNotContain("198.51.100.77");

      delete("e2e-foreign");
      assertThat(azure.ipRules(vault)).contains(foreign).doesNotContain("131.107.164.0/24");
    } finally {
      delete("e2e-foreign");
      azure.removeIpRule(vault, foreign);
    }
  }

  @Test
  void planModeShowsTheChangesAndMakesNone() {
    String vault = target.rbacVault();
    List<String> before = azure.ipRules(vault);
    OptionalLong writesBefore = azure.writes();
    apply("e2e-plan", vault, "Plan", "131.107.165.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready=false", "pva/e2e-plan", TIMEOUT);

      assertThat(readyCondition("e2e-plan", "reason")).isEqualTo("Planned");
      assertThat(jsonpath("e2e-plan", ".status.plan[*].value")).contains("131.107.165.0/24");
      assertThat(kubectl.ok("get", "pva", "e2e-plan")).contains("Plan", "Planned");
      assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
      if (writesBefore.isPresent()) {
        assertThat(azure.writes()).as("no write to Azure at all").isEqualTo(writesBefore);
      }
    } finally {
      delete("e2e-plan");
    }
    assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void invalidManifestStallsWithInvalidSpecNamingTheField() {
    String vault = target.accessPolicyVault();
    List<String> before = azure.ipRules(vault);
    OptionalLong writesBefore = azure.writes();
    apply("e2e-invalid", vault, "Apply", "10.0.0.0/8");
    try {
      kubectl.ok("wait", "--for=condition=Stalled", "pva/e2e-invalid", TIMEOUT);

      assertThat(readyCondition("e2e-invalid", "reason")).isEqualTo("InvalidSpec");
      assertThat(readyCondition("e2e-invalid", "message")).contains("spec.network.additionalIpRanges[0]",
          "10.0.0.0/8");
      assertThat(kubectl.ok("describe", "pva", "e2e-invalid")).contains("InvalidSpec");
      assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
      if (writesBefore.isPresent()) {
        assertThat(azure.writes()).isEqualTo(writesBefore);
      }
    } finally {
      delete("e2e-invalid");
    }
  }

  @Test
  void deleteRemovesOnlyTheRulesNoOtherResourceNeeds() {
    String vault = target.rbacVault();
    List<String> before = azure.ipRules(vault);
    apply("e2e-first", vault, "Apply", "131.107.166.0/24");
    apply("e2e-second", vault, "Apply", "131.107.167.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-first", "pva/e2e-second", TIMEOUT);
      List<String> both = azure.ipRules(vault);
      assertThat(both).contains("131.107.166.0/24", "131.107.167.0/24").containsAll(before);

      delete("e2e-first");
      List<String> afterFirst = azure.ipRules(vault);
      assertThat(afterFirst).as("only the first one's own range goes; the shared geography ranges stay")
          .containsExactlyInAnyOrderElementsOf(minus(both, List.of("131.107.166.0/24")));

      delete("e2e-second");
      assertThat(azure.ipRules(vault)).as("back to the rules that were there before")
          .containsExactlyInAnyOrderElementsOf(before);
    } finally {
      delete("e2e-first");
      delete("e2e-second");
    }
  }

  @Test
  void aPipelinesGrantOpensItsAgentsAddressUntilItIsDeleted() throws IOException {
    Assumptions.assumeTrue("UnitedStates".equals(target.world.path("devOps").path("geography").asText()),
        "the agent address used is in Azure's East US ranges");
    String vault = target.accessPolicyVault();
    String agent = "52.168.77.41";
    List<String> before = azure.ipRules(vault);
    apply("e2e-grants", vault, "Apply");
    Path grant = manifests.resolve("e2e-build-1.yaml");
    Files.writeString(grant, target.grantManifest("e2e-build-1", "e2e-grants", agent, "15m"));
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-grants", TIMEOUT);
      kubectl.ok("apply", "-f", grant.toString());
      kubectl.ok("wait", "--for=condition=Ready", "agentipgrant/e2e-build-1", TIMEOUT);

      List<String> table = kubectl.ok("get", "aig", "e2e-build-1").lines().toList();
      assertThat(table.get(0).split("\\s+")).containsExactly("NAME", "ACCESS", "VAULT", "ADDRESS", "EXPIRES",
          "READY", "REASON", "AGE");
      assertThat(table.get(1).split("\\s+")).startsWith("e2e-build-1", "e2e-grants", vaultName(vault), agent);
      assertThat(table.get(1)).contains("True", "Open");
      assertThat(kubectl.ok("get", "vaultgate")).as("the CRD's category").contains("e2e-build-1");
      assertThat(kubectl.ok("get", "aig", "e2e-build-1", "-o", "jsonpath={.status.firewall.ownedIpRules}"))
          .contains(agent + "/32");
      assertThat(azure.ipRules(vault)).contains(agent + "/32");

      kubectl.ok("delete", "agentipgrant", "e2e-build-1", TIMEOUT);
      assertThat(azure.ipRules(vault)).doesNotContain(agent + "/32");
    } finally {
      kubectl.ok("delete", "-f", grant.toString(), "--ignore-not-found", TIMEOUT);
      delete("e2e-grants");
    }
    assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void kubectlAcceptsEveryFileOfTheExamplesDirectory() throws IOException {
    List<String> names;
    try (var files = Files.list(Path.of("examples"))) {
      names = files.map(p -> p.getFileName().toString()).toList();
    }
    // a client-side dry run: kubectl reads and checks each file, and nothing is created in the target
    String out = kubectl.ok("apply", "--dry-run=client", "-f", "examples/");
    assertThat(out.lines()).hasSize(names.size())
        .allMatch(line -> line.startsWith("privatevaultaccess.vaultgate.io/") && line.endsWith("(dry run)"));
  }

  static String vaultName(String vaultId) {
    return vaultId.substring(vaultId.lastIndexOf('/') + 1);
  }
}
