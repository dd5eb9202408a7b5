package io.vaultgate.operator;

import com.azure.core.credential.TokenCredential;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.azure.AzureClients;
import io.vaultgate.azure.EntraIdentityAdapter;
import io.vaultgate.azure.FederatedCredentialAdapter;
import io.vaultgate.azure.KeyVaultAdapter;
import io.vaultgate.azure.NetworkAdapter;
import io.vaultgate.azure.RoleAssignmentAdapter;
import io.vaultgate.devops.DevOpsClients;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.ranges.InboundRangeTable;
import io.vaultgate.reconcile.PrivateVaultAccessReconciler;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the operator: reads the ranges table and scope policy, builds the Azure clients and the reconciler, and
 * registers it with the Java Operator SDK. No logic lives here.
 */
public final class VaultgateOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VaultgateOperator.class);

  private final Operator operator;
  private final PrivateVaultAccessReconciler reconciler;

  private VaultgateOperator(Operator operator, PrivateVaultAccessReconciler reconciler) {
    this.operator = operator;
    this.reconciler = reconciler;
  }

  public static VaultgateOperator start(OperatorConfig config, KubernetesClient client, TokenCredential credential)
      throws IOException {
    InboundRangeTable ranges = config.rangesFile().isPresent()
        ? InboundRangeTable.load(config.rangesFile().get()) : InboundRangeTable.builtIn();
    LOG.info("Azure DevOps inbound ranges table version {} ({})", ranges.version(),
        config.rangesFile().map(Object::toString).orElse("built-in"));
    ScopePolicy policy;
    if (config.scopePolicyFile().isPresent()) {
      policy = ScopePolicy.load(config.scopePolicyFile().get());
      LOG.info("scope policy loaded from {}", config.scopePolicyFile().get());
    } else {
      policy = ScopePolicy.allowAll();
      LOG.warn("no scope policy file: every namespace may target every Azure scope the operator's identity can"
          + " reach; set --scope-policy-file to restrict namespaces to their own subscriptions or resource groups");
    }
    AzureClients azure = new AzureClients(config.azure(), credential);
    var reconciler = new PrivateVaultAccessReconciler(config.reconcile(), ranges, policy, new KeyVaultAdapter(azure),
        new EntraIdentityAdapter(azure), new RoleAssignmentAdapter(azure), new DevOpsClients(azure),
        new FederatedCredentialAdapter(azure), new NetworkAdapter(azure), Clock.systemUTC());

    Operator operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        // The CRUD mock server and some API proxies reject server-side apply: use JSON patches everywhere, so
        // that what is tested is what ships.
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false));
    operator.register(reconciler, c -> {
      c.withReconciliationMaxInterval(config.reconcile().resync())
          // A change of the reconcile-policy annotation must be acted on; status writes must not.
          .withGenerationAware(false)
          .withOnUpdateFilter(specOrMetadataChanged());
      if (config.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(config.namespaces());
      }
    });
    operator.start();
    return new VaultgateOperator(operator, reconciler);
  }

  static OnUpdateFilter<PrivateVaultAccess> specOrMetadataChanged() {
    return (updated, old) -> !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(updated.getMetadata().getAnnotations(), old.getMetadata().getAnnotations())
        || !Objects.equals(updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers())
        || updated.isMarkedForDeletion();
  }

  @Override
  public void close() {
    operator.stop();
    reconciler.close();
  }
}
