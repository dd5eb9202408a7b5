package io.vaultgate.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.keyvault.fluent.VaultsClient;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.IpRule;
import com.azure.resourcemanager.keyvault.models.NetworkRuleAction;
import com.azure.resourcemanager.keyvault.models.NetworkRuleBypassOptions;
import com.azure.resourcemanager.keyvault.models.NetworkRuleSet;
import com.azure.resourcemanager.keyvault.models.VaultPatchParameters;
import com.azure.resourcemanager.keyvault.models.VaultPatchProperties;
import com.azure.resourcemanager.keyvault.models.VirtualNetworkRule;
import io.vaultgate.plan.FirewallWrite;
import io.vaultgate.plan.LiveFirewall;
import io.vaultgate.plan.VaultId;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link VaultFirewallPort} over the Key Vault management client. It uses the inner client's PATCH of
 * {@code properties.networkAcls}: the fluent {@code update()} PUTs the whole vault and can only add rules.
 */
public final class KeyVaultFirewallAdapter implements VaultFirewallPort {

  private final AzureClients clients;

  public KeyVaultFirewallAdapter(AzureClients clients) {
    this.clients = clients;
  }

  @Override
  public LiveFirewall read(VaultId vault) {
    return call(() -> toLive(vaults(vault).getByResourceGroupWithResponse(vault.resourceGroup(), vault.name(),
        Context.NONE).getValue()));
  }

  @Override
  public LiveFirewall write(VaultId vault, FirewallWrite write) {
    NetworkRuleSet acls = new NetworkRuleSet()
        .withDefaultAction(NetworkRuleAction.fromString(write.defaultAction()))
        .withBypass(NetworkRuleBypassOptions.fromString(write.bypass()))
        .withIpRules(write.ipRules().stream().map(v -> new IpRule().withValue(v)).toList())
        .withVirtualNetworkRules(write.virtualNetworkRules().stream().map(r -> new VirtualNetworkRule()
            .withId(r.id()).withIgnoreMissingVnetServiceEndpoint(r.ignoreMissingVnetServiceEndpoint())).toList());
    VaultPatchProperties properties = new VaultPatchProperties();
    properties.withNetworkAcls(acls);
    write.publicNetworkAccess().ifPresent(properties::withPublicNetworkAccess);
    VaultPatchParameters patch = new VaultPatchParameters().withProperties(properties);
    return call(() -> toLive(vaults(vault).updateWithResponse(vault.resourceGroup(), vault.name(), patch,
        Context.NONE).getValue()));
  }

  private VaultsClient vaults(VaultId vault) {
    return clients.keyVault(vault.subscriptionId()).serviceClient().getVaults();
  }

  private static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      throw AzureErrors.classify(e);
    }
  }

  static LiveFirewall toLive(VaultInner vault) {
    var props = vault.properties();
    NetworkRuleSet acls = props == null ? null : props.networkAcls();
    String publicAccess = props == null || props.publicNetworkAccess() == null ? "Enabled"
        : props.publicNetworkAccess();
    if (acls == null) {
      // A vault that never had a firewall configured lets every address in.
      return new LiveFirewall(publicAccess, LiveFirewall.ALLOW, "AzureServices", List.of(), List.of());
    }
    return new LiveFirewall(
        publicAccess,
        acls.defaultAction() == null ? LiveFirewall.ALLOW : acls.defaultAction().toString(),
        acls.bypass() == null ? "AzureServices" : acls.bypass().toString(),
        acls.ipRules() == null ? List.of() : acls.ipRules().stream().map(IpRule::value).toList(),
        acls.virtualNetworkRules() == null ? List.of() : acls.virtualNetworkRules().stream()
            .map(r -> new LiveFirewall.VirtualNetworkRule(r.id(),
                Boolean.TRUE.equals(r.ignoreMissingVnetServiceEndpoint())))
            .toList());
  }
}
