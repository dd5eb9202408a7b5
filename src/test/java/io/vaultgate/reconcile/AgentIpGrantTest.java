package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.GrantFixture.AGENT;
import static io.vaultgate.reconcile.GrantFixture.AGENT_RULE;
import static io.vaultgate.reconcile.GrantFixture.condition;
import static io.vaultgate.reconcile.GrantFixture.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.AgentIpGrantStatus;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.Reason;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.VaultId;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AgentIpGrant on the operator as shipped (mock API server, simulated Azure over HTTPS): the address opened through
 * the vault's one writer, closed at expiry (time is moved, not waited for), on delete, when its PrivateVaultAccess
 * goes, and at start-up when the operator was down at the expiry; co-owned like every rule.
 */
class AgentIpGrantTest {

  static final String NS = "team-grants";
  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness();
  static final GrantFixture f = new GrantFixture(h);

  /** Time moved by a test is moved back, so that the next test's grants are not born expired. */
  @AfterEach
  void timeBackToNow() {
    h.time.reset();
  }

  @Test
  void opensTheAgentsAddressAsA32UntilCreationPlusTtl() {
    String vault = h.createVault("kv-grant-open", NetworkAcls.deny());
    f.access(NS, "open-access", vault);
    long writes = h.writes(vault);

    f.apply(grant(NS, "build-1", "open-access", AGENT, "15m"));
    AgentIpGrant g = f.awaitReason(NS, "build-1", Reason.Open);

    assertThat(h.ipRules(vault)).containsExactly(AGENT_RULE);
    assertThat(h.writes(vault) - writes).as("one firewall write").isEqualTo(1);
    assertThat(condition(g, Conditions.READY).status).isEqualTo("True");
    assertThat(condition(g, Conditions.READY).message).contains("vault kv-grant-open allows " + AGENT_RULE);
    assertThat(condition(g, Conditions.STALLED).status).isEqualTo("False");
    assertThat(g.getStatus().firewall.ownedIpRules).containsExactly(AGENT_RULE);
    assertThat(g.getStatus().firewall.pendingIpRules).isEmpty();
    assertThat(g.getStatus().vaultName).isEqualTo("kv-grant-open");
    assertThat(g.getStatus().ipRule).isEqualTo(AGENT_RULE);
    assertThat(Instant.parse(g.getStatus().expiresAt))
        .isEqualTo(Instant.parse(g.getMetadata().getCreationTimestamp()).plus(Duration.ofMinutes(15)));
    assertThat(h.events(NS, "build-1")).anyMatch(e -> "GrantOpened".equals(e.getReason()));

    f.delete(NS, "build-1");
    f.awaitGone(NS, "build-1");
    h.delete(NS, "open-access");
    h.awaitGone(NS, "open-access");
  }

  @Test
  void closesAtItsExpiryWhenTheClockGetsThere() {
    String vault = h.createVault("kv-grant-expiry", NetworkAcls.deny("131.107.0.0/16"));
    f.access(NS, "expiry-access", vault);
    f.apply(grant(NS, "build-2", "expiry-access", AGENT, "15m"));
    f.awaitReason(NS, "build-2", Reason.Open);
    assertThat(h.ipRules(vault)).contains(AGENT_RULE);

    h.time.advance(Duration.ofMinutes(14));
    assertThat(f.get(NS, "build-2").getStatus().conditions).anyMatch(c -> "Open".equals(c.reason));
    h.time.advance(Duration.ofMinutes(1).plusSeconds(1));

    AgentIpGrant g = f.awaitReason(NS, "build-2", Reason.Expired);
    assertThat(h.ipRules(vault)).as("only the grant's rule goes").containsExactly("131.107.0.0/16");
    assertThat(condition(g, Conditions.READY).status).isEqualTo("False");
    assertThat(condition(g, Conditions.STALLED).status).isEqualTo("False");
    assertThat(condition(g, Conditions.RECONCILING).status).isEqualTo("False");
    assertThat(g.getStatus().firewall.ownedIpRules).isEmpty();
    assertThat(h.events(NS, "build-2")).anyMatch(e -> "GrantClosed".equals(e.getReason()));

    long writes = h.writes(vault);
    f.delete(NS, "build-2");
    f.awaitGone(NS, "build-2");
    assertThat(h.writes(vault)).as("deleting an expired grant only lets its finalizer go").isEqualTo(writes);
    h.delete(NS, "expiry-access");
    h.awaitGone(NS, "expiry-access");
  }

  @Test
  void deletingAnOpenGrantRemovesItsAddress() {
    String vault = h.createVault("kv-grant-delete", NetworkAcls.deny());
    f.access(NS, "delete-access", vault);
    f.apply(grant(NS, "build-3", "delete-access", AGENT, "30m"));
    f.awaitReason(NS, "build-3", Reason.Open);

    f.delete(NS, "build-3");
    f.awaitGone(NS, "build-3");
    assertThat(h.ipRules(vault)).isEmpty();
    h.delete(NS, "delete-access");
    h.awaitGone(NS, "delete-access");
  }

  @Test
  void deletingItsPrivateVaultAccessClosesTheGrant() {
    String vault = h.createVault("kv-grant-access-gone", NetworkAcls.deny());
    f.access(NS, "gone-access", vault, "52.10.0.0/16");
    f.apply(grant(NS, "build-4", "gone-access", AGENT, "30m"));
    f.awaitReason(NS, "build-4", Reason.Open);
    assertThat(h.ipRules(vault)).containsExactlyInAnyOrder("52.10.0.0/16", AGENT_RULE);

    h.delete(NS, "gone-access");
    h.awaitGone(NS, "gone-access");
    AgentIpGrant g = f.awaitReason(NS, "build-4", Reason.AccessNotFound);
    await().atMost(Duration.ofSeconds(20)).until(() -> h.ipRules(vault).isEmpty());
    assertThat(g.getStatus().firewall.ownedIpRules).isEmpty();
    assertThat(condition(g, Conditions.READY).message).contains("PrivateVaultAccess " + NS + "/gone-access");
    f.delete(NS, "build-4");
    f.awaitGone(NS, "build-4");
  }

  @Test
  void anExpiryWhileTheOperatorWasDownIsClosedAtStartUp() {
    String vault = h.createVault("kv-grant-restart", NetworkAcls.deny());
    f.access(NS, "restart-access", vault);
    f.apply(grant(NS, "build-5", "restart-access", AGENT, "10m"));
    f.awaitReason(NS, "build-5", Reason.Open);

    h.stopOperator();
    try {
      h.time.advance(Duration.ofMinutes(11));
      assertThat(h.ipRules(vault)).as("nobody closed it while the operator was down").containsExactly(AGENT_RULE);
    } finally {
      h.startOperator();
    }
    // the harness resyncs every 10 minutes of real time, and no alarm is set in the new operator: start-up does it
    f.awaitReason(NS, "build-5", Reason.Expired);
    assertThat(h.ipRules(vault)).isEmpty();
    f.delete(NS, "build-5");
    f.awaitGone(NS, "build-5");
    h.delete(NS, "restart-access");
    h.awaitGone(NS, "restart-access");
  }

  @Test
  void anAddressRecordedAsPendingBeforeACrashIsOwnedAfterIt() {
    String vault = h.createVault("kv-grant-crash", NetworkAcls.deny());
    f.access(NS, "crash-access", vault);
    h.stopOperator();
    try {
      // the operator recorded the intent, wrote the vault, and died before recording the outcome
      AgentIpGrant created = f.apply(grant(NS, "build-10", "crash-access", AGENT, "15m"));
      created.getMetadata().setFinalizers(List.of(AgentIpGrant.FINALIZER));
      created = h.client.resource(created).update();
      created.setStatus(new AgentIpGrantStatus());
      created.getStatus().firewall = GrantStatuses.ledger(VaultId.parse(vault).orElseThrow(), Set.of(),
          Set.of(Ipv4Range.parse(AGENT)));
      h.client.resource(created).updateStatus();
      h.azure.keyVaults().addIpRule(SimVaultId.parse(vault), AGENT_RULE);
    } finally {
      h.startOperator();
    }
    AgentIpGrant g = f.awaitReason(NS, "build-10", Reason.Open);
    assertThat(g.getStatus().firewall.ownedIpRules).as("the intent proves vaultgate added it").containsExactly(
        AGENT_RULE);
    f.delete(NS, "build-10");
    f.awaitGone(NS, "build-10");
    assertThat(h.ipRules(vault)).isEmpty();
    h.delete(NS, "crash-access");
    h.awaitGone(NS, "crash-access");
  }

  @Test
  void anAddressSomeoneElseAllowedIsNeverRemoved() {
    String vault = h.createVault("kv-grant-foreign", NetworkAcls.deny(AGENT_RULE));
    f.access(NS, "foreign-access", vault);
    long writes = h.writes(vault);
    f.apply(grant(NS, "build-6", "foreign-access", AGENT, "15m"));
    AgentIpGrant g = f.awaitReason(NS, "build-6", Reason.Open);
    assertThat(g.getStatus().firewall.ownedIpRules).as("pre-existing, so not owned").isEmpty();
    assertThat(condition(g, Conditions.READY).message).contains("there before vaultgate");

    f.delete(NS, "build-6");
    f.awaitGone(NS, "build-6");
    assertThat(h.ipRules(vault)).containsExactly(AGENT_RULE);
    assertThat(h.writes(vault)).isEqualTo(writes);
    h.delete(NS, "foreign-access");
    h.awaitGone(NS, "foreign-access");
  }

  @Test
  void anAddressAPrivateVaultAccessAlsoNeedsStaysUntilTheLastOneGoes() {
    String vault = h.createVault("kv-grant-coowned", NetworkAcls.deny());
    // the access needs the address first; the grant co-owns it
    f.access(NS, "coowned-a", vault, AGENT);
    f.apply(grant(NS, "build-7", "coowned-a", AGENT, "15m"));
    AgentIpGrant g = f.awaitReason(NS, "build-7", Reason.Open);
    assertThat(g.getStatus().firewall.ownedIpRules).containsExactly(AGENT_RULE);
    f.delete(NS, "build-7");
    f.awaitGone(NS, "build-7");
    assertThat(h.ipRules(vault)).as("still the access's").containsExactly(AGENT_RULE);

    // the grant adds it first; another access comes to need it, then the grant goes, then the access stops needing it
    h.edit(NS, "coowned-a", r -> {
      r.getSpec().network.additionalIpRanges = List.of();
      return r;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> h.ipRules(vault).isEmpty());
    f.apply(grant(NS, "build-8", "coowned-a", AGENT, "15m"));
    f.awaitReason(NS, "build-8", Reason.Open);
    f.access(NS, "coowned-b", vault, AGENT);
    assertThat(h.get(NS, "coowned-b").getStatus().firewall.ownedIpRules).containsExactly(AGENT_RULE);
    f.delete(NS, "build-8");
    f.awaitGone(NS, "build-8");
    assertThat(h.ipRules(vault)).as("coowned-b needs it").containsExactly(AGENT_RULE);
    h.edit(NS, "coowned-b", r -> {
      r.getSpec().network.additionalIpRanges = List.of();
      return r;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> h.ipRules(vault).isEmpty());
    for (String access : List.of("coowned-a", "coowned-b")) {
      h.delete(NS, access);
      h.awaitGone(NS, access);
    }
  }

  @Test
  void twoGrantsOfOneAddressKeepItUntilBothAreGone() {
    String vault = h.createVault("kv-grant-twice", NetworkAcls.deny());
    f.access(NS, "twice-access", vault);
    f.apply(grant(NS, "job-a", "twice-access", AGENT, "15m"));
    f.awaitReason(NS, "job-a", Reason.Open);
    f.apply(grant(NS, "job-b", "twice-access", AGENT, "15m"));
    AgentIpGrant b = f.awaitReason(NS, "job-b", Reason.Open);
    assertThat(b.getStatus().firewall.ownedIpRules).as("co-owned").containsExactly(AGENT_RULE);

    f.delete(NS, "job-a");
    f.awaitGone(NS, "job-a");
    assertThat(h.ipRules(vault)).containsExactly(AGENT_RULE);
    f.delete(NS, "job-b");
    f.awaitGone(NS, "job-b");
    assertThat(h.ipRules(vault)).isEmpty();
    h.delete(NS, "twice-access");
    h.awaitGone(NS, "twice-access");
  }

  @Test
  void whenItsAccessMovesToAnotherVaultTheGrantLeavesTheOldOne() {
    String first = h.createVault("kv-grant-from", NetworkAcls.deny());
    String second = h.createVault("kv-grant-to", NetworkAcls.deny());
    f.access(NS, "moving-access", first);
    f.apply(grant(NS, "build-9", "moving-access", AGENT, "15m"));
    f.awaitReason(NS, "build-9", Reason.Open);

    h.edit(NS, "moving-access", r -> {
      r.getSpec().vault.resourceId = second;
      return r;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> h.ipRules(first).isEmpty()
        && h.ipRules(second).contains(AGENT_RULE));
    AgentIpGrant g = f.awaitReady(NS, "build-9", c -> c.message.contains("kv-grant-to"));
    assertThat(g.getStatus().firewall.vault).isEqualTo(second);
    f.delete(NS, "build-9");
    f.awaitGone(NS, "build-9");
    assertThat(h.ipRules(second)).isEmpty();
    h.delete(NS, "moving-access");
    h.awaitGone(NS, "moving-access");
  }

  @Test
  void azuresServiceTagsAreReadOncePerSubscriptionNotPerGrant() {
    String vault = h.createVault("kv-grant-tags", NetworkAcls.deny());
    f.access(NS, "tags-access", vault);
    long before = f.serviceTagReads();
    for (String name : List.of("tags-1", "tags-2", "tags-3")) {
      f.apply(grant(NS, name, "tags-access", AGENT, "15m"));
      f.awaitReason(NS, name, Reason.Open);
    }
    assertThat(f.serviceTagReads() - before).as("other tests may have read them already").isLessThanOrEqualTo(1);
    assertThat(f.serviceTagReads()).isGreaterThanOrEqualTo(1);
    for (String name : List.of("tags-1", "tags-2", "tags-3")) {
      f.delete(NS, name);
      f.awaitGone(NS, name);
    }
    h.delete(NS, "tags-access");
    h.awaitGone(NS, "tags-access");
  }

}
