package io.vaultgate.reconcile;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes one resource's status during one reconcile, only when it changed. The whole status is replaced with a
 * JSON Patch (the CRUD mock server, like some proxies, does not do server-side apply, and a merge patch cannot
 * clear a list it does not mention), and the result is cached so the next reconcile reads its own write.
 */
final class StatusWriter {

  private final Context<PrivateVaultAccess> context;
  private final AtomicReference<PrivateVaultAccess> latest;

  StatusWriter(PrivateVaultAccess resource, Context<PrivateVaultAccess> context) {
    this.context = context;
    this.latest = new AtomicReference<>(resource);
  }

  PrivateVaultAccessStatus current() {
    PrivateVaultAccessStatus s = latest.get().getStatus();
    return s == null ? new PrivateVaultAccessStatus() : s;
  }

  /** @return whether a write was made */
  synchronized boolean write(PrivateVaultAccessStatus status) {
    PrivateVaultAccess resource = latest.get();
    if (status.equals(resource.getStatus())) {
      return false;
    }
    var serialization = context.getClient().getKubernetesSerialization();
    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + serialization.asJson(status) + "}]";
    PrivateVaultAccess updated = PrimaryUpdateAndCacheUtils.updateAndCacheResource(resource, context,
        r -> {
          PrivateVaultAccess copy = serialization.clone(r);
          copy.setStatus(status);
          return copy;
        },
        r -> context.getClient().resource(r).subresource("status").patch(PatchContext.of(PatchType.JSON), patch));
    latest.set(updated);
    return true;
  }
}
