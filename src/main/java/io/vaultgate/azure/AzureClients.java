package io.vaultgate.azure;

import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.privatedns.PrivateDnsZoneManager;
import com.azure.resourcemanager.resources.fluentcore.arm.AzureConfigurable;
import io.vaultgate.http.AzureHttp;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.http.KeyVaultApiVersionPolicy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Azure SDK management clients of one identity, all on its one HTTP stack ({@link AzureHttp}): one client per
 * service and subscription, since ARM clients are bound to a subscription. It builds clients; it never calls them.
 */
public final class AzureClients {

  private final AzureHttp http;
  private final Map<String, Object> managers = new ConcurrentHashMap<>();

  public AzureClients(AzureHttp http) {
    this.http = http;
  }

  public AzureHttp http() {
    return http;
  }

  public AzureSettings settings() {
    return http.settings();
  }

  /** Key Vault, moved to api-version 2026-02-01 on the routes vaultgate calls ({@link KeyVaultApiVersionPolicy}). */
  public KeyVaultManager keyVault(String subscriptionId) {
    return manager(KeyVaultManager.class, subscriptionId, profile -> configured(KeyVaultManager.configure())
        .withPolicy(new KeyVaultApiVersionPolicy()).authenticate(http.credential(), profile));
  }

  /** Role assignments (ARM) and, through its Graph client, service principals. */
  public AuthorizationManager authorization(String subscriptionId) {
    return manager(AuthorizationManager.class, subscriptionId,
        profile -> configured(AuthorizationManager.configure()).authenticate(http.credential(), profile));
  }

  public MsiManager managedIdentities(String subscriptionId) {
    return manager(MsiManager.class, subscriptionId,
        profile -> configured(MsiManager.configure()).authenticate(http.credential(), profile));
  }

  public NetworkManager network(String subscriptionId) {
    return manager(NetworkManager.class, subscriptionId,
        profile -> configured(NetworkManager.configure()).authenticate(http.credential(), profile));
  }

  public PrivateDnsZoneManager privateDns(String subscriptionId) {
    return manager(PrivateDnsZoneManager.class, subscriptionId,
        profile -> configured(PrivateDnsZoneManager.configure()).authenticate(http.credential(), profile));
  }

  /** One manager per type and subscription, created on first use. */
  private <M> M manager(Class<M> type, String subscriptionId, Function<AzureProfile, M> create) {
    String key = type.getSimpleName() + "/" + subscriptionId.toLowerCase(Locale.ROOT);
    return type.cast(managers.computeIfAbsent(key, k -> create.apply(new AzureProfile(null, subscriptionId,
        environment(http.settings())))));
  }

  /** The shared HTTP client, retries and metrics, and no request logging. */
  private <T extends AzureConfigurable<T>> T configured(T configurable) {
    return configurable.withHttpClient(http.httpClient())
        .withRetryOptions(http.retryOptions())
        .withPolicy(http.metrics())
        .withLogOptions(AzureHttp.NO_HTTP_LOGS);
  }

  static AzureEnvironment environment(AzureSettings settings) {
    if (AzureSettings.PUBLIC_CLOUD.equals(settings.resourceManagerEndpoint())
        && AzureSettings.PUBLIC_GRAPH.equals(settings.microsoftGraphEndpoint())) {
      return AzureEnvironment.AZURE;
    }
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", settings.resourceManagerEndpoint().toString());
    endpoints.put("microsoftGraphResourceId", settings.microsoftGraphEndpoint().toString());
    return new AzureEnvironment(endpoints);
  }
}
