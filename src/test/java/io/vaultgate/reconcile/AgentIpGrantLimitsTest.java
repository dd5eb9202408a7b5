package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.GrantFixture.AGENT;
import static io.vaultgate.reconcile.GrantFixture.AGENT_RULE;
import static io.vaultgate.reconcile.GrantFixture.condition;
import static io.vaultgate.reconcile.GrantFixture.grant;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a grant may not do, each refused with a reason naming the problem and no Azure write: a bad spec, an access
 * that is missing, elsewhere or does not allow grants, more open grants than the operator allows on one vault, the
 * vault's rule limit, an address outside Azure's ranges of the geography, a namespace the scope policy keeps out.
 */
class AgentIpGrantLimitsTest {

  static final String NS = "grant-limits";
  static final Path POLICY = policyFile();
  @RegisterExtension
  static final OperatorHarness h = harness();
  static final GrantFixture f = new GrantFixture(h);

  static OperatorHarness harness() {
    OperatorHarness harness = new OperatorHarness(OperatorHarness.fastSettings(), Optional.of(POLICY));
    harness.grants = new GrantSettings(Duration.ofHours(1), 2, true, Duration.ofHours(6));
    return harness;
  }

  static Path policyFile() {
    try {
      Path policy = Files.createTempFile("grant-scope-policy", ".yaml");
      Files.writeString(policy, "namespaces:\n  " + NS + ":\n    - /subscriptions/" + OperatorHarness.SUBSCRIPTION
          + "/resourceGroups/" + OperatorHarness.RESOURCE_GROUP + "\n");
      return policy;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removePolicy() throws Exception {
    Files.deleteIfExists(POLICY);
  }

  static void clean(String... grants) {
    for (String g : grants) {
      f.delete(NS, g);
      f.awaitGone(NS, g);
    }
  }

  @Test
  void aBadSpecIsInvalidNamingTheFieldAndWritesNothing() {
    String vault = h.createVault("kv-limits-spec", NetworkAcls.deny());
    f.access(NS, "spec-access", vault);
    long writes = h.writes(vault);
    f.apply(grant(NS, "private", "spec-access", "10.1.2.3", "15m"));
    f.apply(grant(NS, "long", "spec-access", AGENT, "2h"));
    f.apply(grant(NS, "zero", "spec-access", AGENT, "0s"));
    f.apply(grant(NS, "range", "spec-access", "52.168.77.0/24", "15m"));
    AgentIpGrant elsewhere = grant(NS, "elsewhere", "spec-access", AGENT, "15m");
    elsewhere.getSpec().accessRef.namespace = "team-other";
    f.apply(elsewhere);

    assertThat(message(f.awaitReason(NS, "private", Reason.InvalidSpec))).contains("spec.ipAddress: '10.1.2.3'",
        "10.0.0.0/8 (private, RFC 1918)");
    assertThat(message(f.awaitReason(NS, "long", Reason.InvalidSpec))).contains("spec.ttl: '2h'", "maximum of 1h");
    assertThat(message(f.awaitReason(NS, "zero", Reason.InvalidSpec)))
        .contains("spec.ttl: '0s' is not a positive duration");
    assertThat(message(f.awaitReason(NS, "range", Reason.InvalidSpec))).contains("spec.ipAddress", "is a range");
    assertThat(message(f.awaitReason(NS, "elsewhere", Reason.InvalidSpec))).contains("spec.accessRef.namespace",
        "team-other");
    assertThat(condition(f.get(NS, "private"), Conditions.STALLED).status).isEqualTo("True");
    assertThat(h.writes(vault)).isEqualTo(writes);
    assertThat(h.ipRules(vault)).isEmpty();
    clean("private", "long", "zero", "range", "elsewhere");
  }

  @Test
  void aMissingAccessOpensNothingUntilItIsCreated() {
    String vault = h.createVault("kv-limits-missing", NetworkAcls.deny());
    f.apply(grant(NS, "early", "later-access", AGENT, "15m"));
    AgentIpGrant g = f.awaitReason(NS, "early", Reason.AccessNotFound);
    assertThat(message(g)).contains("PrivateVaultAccess " + NS + "/later-access was not found");
    assertThat(h.calls(vault)).isZero();

    f.access(NS, "later-access", vault);
    f.awaitReason(NS, "early", Reason.Open);
    assertThat(h.ipRules(vault)).containsExactly(AGENT_RULE);
    clean("early");
    h.delete(NS, "later-access");
    h.awaitGone(NS, "later-access");
  }

  @Test
  void anAccessThatDoesNotAllowGrantsOpensNothingUntilItDoes() {
    String vault = h.createVault("kv-limits-disallowed", NetworkAcls.deny());
    PrivateVaultAccess access = OperatorHarness.pva(NS, "no-grants", vault, "UnitedStates");
    access.getSpec().network.azureDevOpsInbound = false;
    access.getSpec().agents = new PrivateVaultAccessSpec.AgentsSpec();
    access.getSpec().agents.allowIpGrants = false;
    h.apply(access);
    // without grants, nothing lets a Microsoft-hosted agent in: not Ready, and nothing written for it
    h.awaitReason(NS, "no-grants", Reason.AddressNotAllowed);
    long writes = h.writes(vault);

    f.apply(grant(NS, "hopeful", "no-grants", AGENT, "15m"));
    assertThat(message(f.awaitReason(NS, "hopeful", Reason.GrantsNotAllowed))).contains("does not allow grants");
    assertThat(h.writes(vault)).isEqualTo(writes);

    h.edit(NS, "no-grants", r -> {
      r.getSpec().agents.allowIpGrants = true;
      return r;
    });
    f.awaitReason(NS, "hopeful", Reason.Open);
    clean("hopeful");
    h.delete(NS, "no-grants");
    h.awaitGone(NS, "no-grants");
  }

  @Test
  void moreOpenGrantsThanAllowedWaitAndTheOldestGoFirst() {
    String vault = h.createVault("kv-limits-many", NetworkAcls.deny());
    f.access(NS, "many-access", vault);
    // created within one second: same creation time, so the names decide
    for (String name : List.of("job-1", "job-2", "job-3")) {
      f.apply(grant(NS, name, "many-access", "52.168.77." + name.charAt(4), "15m"));
    }
    f.awaitReason(NS, "job-1", Reason.Open);
    f.awaitReason(NS, "job-2", Reason.Open);
    AgentIpGrant third = f.awaitReason(NS, "job-3", Reason.TooManyGrants);
    assertThat(message(third)).contains("vault kv-limits-many already has 2 older grants", "at most 2");
    assertThat(condition(third, Conditions.RECONCILING).status).isEqualTo("True");
    assertThat(h.ipRules(vault)).containsExactlyInAnyOrder("52.168.77.1/32", "52.168.77.2/32");

    clean("job-1");
    f.awaitReason(NS, "job-3", Reason.Open);
    assertThat(h.ipRules(vault)).containsExactlyInAnyOrder("52.168.77.2/32", "52.168.77.3/32");
    clean("job-2", "job-3");
    h.delete(NS, "many-access");
    h.awaitGone(NS, "many-access");
  }

  @Test
  void aVaultAtItsThousandRuleLimitIsNotWritten() {
    List<String> full = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      full.add("52.1." + (i / 250) + "." + (i % 250 + 1) + "/32");
    }
    String vault = h.createVault("kv-limits-full", NetworkAcls.deny(full.toArray(String[]::new)));
    f.access(NS, "full-access", vault);
    long writes = h.writes(vault);
    f.apply(grant(NS, "one-more", "full-access", AGENT, "15m"));
    AgentIpGrant g = f.awaitReason(NS, "one-more", Reason.RuleLimitExceeded);
    assertThat(message(g)).contains("1001", "at most 1000");
    assertThat(h.writes(vault)).isEqualTo(writes);
    clean("one-more");
    h.delete(NS, "full-access");
    h.awaitGone(NS, "full-access");
  }

  @Test
  void anAddressOutsideAzuresRangesOfTheGeographyIsRefused() {
    String vault = h.createVault("kv-limits-outside", NetworkAcls.deny());
    f.access(NS, "outside-access", vault);
    long writes = h.writes(vault);
    f.apply(grant(NS, "home", "outside-access", "131.107.1.2", "15m"));
    f.apply(grant(NS, "europe", "outside-access", "40.74.1.2", "15m"));
    assertThat(message(f.awaitReason(NS, "home", Reason.AddressNotInAzure)))
        .contains("131.107.1.2 is not in Azure's published ranges of geography UnitedStates", "AzureCloud.eastus");
    assertThat(message(f.awaitReason(NS, "europe", Reason.AddressNotInAzure)))
        .as("West Europe is Azure, but not where a United States organization's agents run").contains("40.74.1.2");
    assertThat(h.writes(vault)).isEqualTo(writes);
    clean("home", "europe");

    // for agents outside Azure the check is turned off
    h.stopOperator();
    h.grants = new GrantSettings(Duration.ofHours(1), 2, false, Duration.ofHours(6));
    h.startOperator();
    try {
      long reads = f.serviceTagReads();
      f.apply(grant(NS, "self-hosted", "outside-access", "131.107.1.2", "15m"));
      f.awaitReason(NS, "self-hosted", Reason.Open);
      assertThat(h.ipRules(vault)).containsExactly("131.107.1.2/32");
      assertThat(f.serviceTagReads()).as("no service tag read when the check is off").isEqualTo(reads);
      clean("self-hosted");
    } finally {
      h.stopOperator();
      h.grants = harness().grants;
      h.startOperator();
    }
    h.delete(NS, "outside-access");
    h.awaitGone(NS, "outside-access");
  }

  @Test
  void aNamespaceTheScopePolicyKeepsOutOfTheVaultGetsNoGrantAndNoAzureCall() {
    String vault = h.createVault("kv-limits-policy", NetworkAcls.deny());
    PrivateVaultAccess access = OperatorHarness.pva("outsiders", "their-access", vault, "UnitedStates");
    h.apply(access);
    h.awaitReason("outsiders", "their-access", Reason.PolicyDenied);
    f.apply(grant("outsiders", "sneaky", "their-access", AGENT, "15m"));
    AgentIpGrant g = f.awaitReason("outsiders", "sneaky", Reason.PolicyDenied);
    assertThat(message(g)).contains("namespace 'outsiders'");
    assertThat(h.calls(vault)).isZero();
    f.delete("outsiders", "sneaky");
    f.awaitGone("outsiders", "sneaky");
    h.delete("outsiders", "their-access");
    h.awaitGone("outsiders", "their-access");
    assertThat(h.calls(vault)).isZero();
  }

  static String message(AgentIpGrant g) {
    return condition(g, Conditions.READY).message;
  }
}
