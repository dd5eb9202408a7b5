package io.vaultgate.reconcile;

import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.model.ReconcilePolicy;
import io.vaultgate.model.VaultId;
import java.util.Map;
import java.util.Optional;

/** What vaultgate reads off a resource's metadata, null-safe: a resource may come without spec or status. */
final class Resources {

  private Resources() {
  }

  /** {@code namespace/name}: how ledgers, the vault writer and logs name a resource. */
  static String ownerOf(PrivateVaultAccess r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  static long generation(PrivateVaultAccess r) {
    return r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
  }

  static PrivateVaultAccessStatus statusOf(PrivateVaultAccess r) {
    return r.getStatus() == null ? new PrivateVaultAccessStatus() : r.getStatus();
  }

  /** The vault the spec names, when it parses. */
  static Optional<VaultId> vaultOf(PrivateVaultAccess r) {
    return r.getSpec() == null || r.getSpec().vault == null ? Optional.empty()
        : VaultId.parse(r.getSpec().vault.resourceId);
  }

  /** The reconcile policy; an unreadable one counts as skip, which writes nothing. */
  static ReconcilePolicy reconcilePolicy(PrivateVaultAccess r) {
    Map<String, String> annotations = r.getMetadata().getAnnotations();
    return ReconcilePolicy.parse(annotations == null ? null : annotations.get(ReconcilePolicy.ANNOTATION))
        .orElse(ReconcilePolicy.SKIP);
  }

  /** Whether the spec, as written, asks for Plan mode (which also leaves Azure untouched on delete). */
  static boolean planMode(PrivateVaultAccess r) {
    return r.getSpec() != null && "Plan".equals(r.getSpec().mode);
  }

  /** Who a resource is, for markers on what vaultgate creates in Azure DevOps and tags in Azure. */
  record Ref(String namespace, String name, String uid) {
    static Ref of(PrivateVaultAccess r) {
      return new Ref(r.getMetadata().getNamespace(), r.getMetadata().getName(), r.getMetadata().getUid());
    }

    String owner() {
      return namespace + "/" + name;
    }
  }
}
