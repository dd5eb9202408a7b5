package io.vaultgate.reconcile;

import static org.awaitility.Awaitility.await;

import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.AgentIpGrantSpec;
import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.arm.network.ServiceTagApi;
import java.time.Duration;
import java.util.function.Predicate;

/** AgentIpGrants on the {@link OperatorHarness}: made, read, awaited and deleted as a pipeline would. */
final class GrantFixture {

  /** In the simulator's AzureCloud.eastus (52.168.0.0/14), so a United States organization's agent. */
  static final String AGENT = "52.168.77.41";
  static final String AGENT_RULE = AGENT + "/32";

  private final OperatorHarness h;

  GrantFixture(OperatorHarness h) {
    this.h = h;
  }

  static AgentIpGrant grant(String namespace, String name, String access, String address, String ttl) {
    AgentIpGrant g = new AgentIpGrant();
    g.getMetadata().setNamespace(namespace);
    g.getMetadata().setName(name);
    AgentIpGrantSpec s = new AgentIpGrantSpec();
    s.accessRef = new AgentIpGrantSpec.AccessReference();
    s.accessRef.name = access;
    s.ipAddress = address;
    s.ttl = ttl;
    g.setSpec(s);
    return g;
  }

  AgentIpGrant apply(AgentIpGrant g) {
    h.namespace(g.getMetadata().getNamespace());
    return h.client.resource(g).create();
  }

  AgentIpGrant get(String namespace, String name) {
    return h.client.resources(AgentIpGrant.class).inNamespace(namespace).withName(name).get();
  }

  void delete(String namespace, String name) {
    h.client.resources(AgentIpGrant.class).inNamespace(namespace).withName(name).delete();
  }

  void awaitGone(String namespace, String name) {
    await().atMost(Duration.ofSeconds(20)).until(() -> get(namespace, name) == null);
  }

  static Condition condition(AgentIpGrant g, String type) {
    return g == null || g.getStatus() == null ? null : Conditions.find(g.getStatus().conditions, type);
  }

  /** Waits until the grant's Ready condition describes its current generation and matches. */
  AgentIpGrant awaitReady(String namespace, String name, Predicate<Condition> expected) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      AgentIpGrant g = get(namespace, name);
      Condition ready = condition(g, Conditions.READY);
      return ready != null && g.getMetadata().getGeneration().equals(g.getStatus().observedGeneration)
          && expected.test(ready);
    });
    return get(namespace, name);
  }

  AgentIpGrant awaitReason(String namespace, String name, Reason reason) {
    return awaitReady(namespace, name, c -> reason.name().equals(c.reason));
  }

  /** A PrivateVaultAccess of a United States organization that asks for no inbound ranges of its own. */
  PrivateVaultAccess access(String namespace, String name, String vault, String... additional) {
    PrivateVaultAccess r = OperatorHarness.pva(namespace, name, vault, "UnitedStates", additional);
    r.getSpec().network.azureDevOpsInbound = false;
    h.apply(r);
    // a vault at its 1000-rule limit cannot take a grant: the Microsoft-hosted agents' path is closed there
    return h.awaitReady(namespace, name, c -> c.reason.equals(Reason.Converged.name())
        || c.reason.equals(Reason.AddressNotAllowed.name()));
  }

  /** Reads of Network's service tag discovery API so far. */
  long serviceTagReads() {
    return h.azure.requests().count("arm", "GET", ServiceTagApi.ROUTE);
  }
}
