package io.vaultgate.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.keyvault.fluent.VaultsClient;
import com.azure.resourcemanager.keyvault.fluent.models.SecretInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultAccessPolicyParametersInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyEntry;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import com.azure.resourcemanager.keyvault.models.IpRule;
import com.azure.resourcemanager.keyvault.models.NetworkRuleAction;
import com.azure.resourcemanager.keyvault.models.NetworkRuleBypassOptions;
import com.azure.resourcemanager.keyvault.models.NetworkRuleSet;
import com.azure.resourcemanager.keyvault.models.Permissions;
import com.azure.resourcemanager.keyvault.models.SecretPermissions;
import com.azure.resourcemanager.keyvault.models.VaultAccessPolicyProperties;
import com.azure.resourcemanager.keyvault.models.VaultPatchParameters;
import com.azure.resourcemanager.keyvault.models.VaultPatchProperties;
import com.azure.resourcemanager.keyvault.models.VirtualNetworkRule;
import io.vaultgate.model.FirewallWrite;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.model.LiveVault;
import io.vaultgate.model.VaultId;
import io.vaultgate.port.VaultPort;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link VaultPort} over the Key Vault management client. Firewall writes use the inner client's PATCH of
 * {@code properties.networkAcls} (the fluent {@code update()} PUTs the whole vault and can only add rules); access
 * policies use the {@code accessPolicies/add} and {@code /remove} operations, which edit one principal's entry
 * without rewriting anyone else's. Secret names come from the inner client's ARM list (the fluent
 * {@code Vault.secrets()} goes to the data plane, which the vault's firewall guards); it never reads a value.
 */
public final class KeyVaultAdapter implements VaultPort {

  private final AzureClients clients;

  public KeyVaultAdapter(AzureClients clients) {
    this.clients = clients;
  }

  @Override
  public LiveVault read(VaultId vault) {
    return Calls.call(() -> toLive(vaults(vault).getByResourceGroupWithResponse(vault.resourceGroup(), vault.name(),
        Context.NONE).getValue()));
  }

  @Override
  public LiveVault writeFirewall(VaultId vault, FirewallWrite write) {
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
    return Calls.call(() -> toLive(vaults(vault).updateWithResponse(vault.resourceGroup(), vault.name(), patch,
        Context.NONE).getValue()));
  }

  @Override
  public Set<String> secretNames(VaultId vault) {
    // Secrets_List: names and attributes only ("'value' will never be returned", secrets.json); the iterable
    // follows nextLink to the last page
    return Calls.call(() -> clients.keyVault(vault.subscriptionId()).serviceClient().getSecrets()
        .list(vault.resourceGroup(), vault.name(), null, Context.NONE).stream().map(SecretInner::name)
        .collect(Collectors.toCollection(TreeSet::new)));
  }

  @Override
  public void addSecretPermissions(VaultId vault, String tenantId, Map<String, Set<String>> permissions) {
    updateAccessPolicies(vault, tenantId, AccessPolicyUpdateKind.ADD, permissions);
  }

  @Override
  public void removeSecretPermissions(VaultId vault, String tenantId, Map<String, Set<String>> permissions) {
    updateAccessPolicies(vault, tenantId, AccessPolicyUpdateKind.REMOVE, permissions);
  }

  private void updateAccessPolicies(VaultId vault, String tenantId, AccessPolicyUpdateKind kind,
      Map<String, Set<String>> permissions) {
    List<AccessPolicyEntry> entries = permissions.entrySet().stream().map(e -> new AccessPolicyEntry()
        .withTenantId(UUID.fromString(tenantId))
        .withObjectId(e.getKey())
        .withPermissions(new Permissions().withSecrets(e.getValue().stream().map(SecretPermissions::fromString)
            .toList())))
        .toList();
    VaultAccessPolicyParametersInner parameters = new VaultAccessPolicyParametersInner()
        .withProperties(new VaultAccessPolicyProperties().withAccessPolicies(entries));
    Calls.call(() -> vaults(vault).updateAccessPolicyWithResponse(vault.resourceGroup(), vault.name(), kind, parameters,
        Context.NONE));
  }

  private VaultsClient vaults(VaultId vault) {
    return clients.keyVault(vault.subscriptionId()).serviceClient().getVaults();
  }


  static LiveVault toLive(VaultInner vault) {
    var props = vault.properties();
    String tenant = props == null || props.tenantId() == null ? "" : props.tenantId().toString();
    Map<String, Set<String>> secrets = new HashMap<>();
    Map<String, Set<String>> spellings = new HashMap<>();
    if (props != null && props.accessPolicies() != null) {
      for (AccessPolicyEntry entry : props.accessPolicies()) {
        if (entry.applicationId() != null || entry.tenantId() == null || !tenant.equalsIgnoreCase(
            entry.tenantId().toString())) {
          continue; // compound identities and other tenants' entries are not the pipeline principal's
        }
        String principal = entry.objectId().toLowerCase(Locale.ROOT);
        Set<String> perms = secrets.computeIfAbsent(principal, k -> new TreeSet<>());
        Set<String> spelled = spellings.computeIfAbsent(principal, k -> new TreeSet<>());
        if (entry.permissions() != null && entry.permissions().secrets() != null) {
          entry.permissions().secrets().forEach(p -> {
            perms.add(p.toString().toLowerCase(Locale.ROOT));
            spelled.add(p.toString());
          });
        }
      }
    }
    List<LiveVault.EndpointConnection> connections = props == null || props.privateEndpointConnections() == null
        ? List.of() : props.privateEndpointConnections().stream()
            .filter(c -> c.privateEndpoint() != null && c.privateEndpoint().id() != null)
            .map(c -> new LiveVault.EndpointConnection(c.privateEndpoint().id(),
                c.privateLinkServiceConnectionState() == null
                    || c.privateLinkServiceConnectionState().status() == null ? ""
                    : c.privateLinkServiceConnectionState().status().toString()))
            .toList();
    return new LiveVault(toFirewall(vault), props != null && Boolean.TRUE.equals(props.enableRbacAuthorization()),
        tenant, secrets, spellings, connections);
  }

  static LiveFirewall toFirewall(VaultInner vault) {
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
