package io.vaultgate.reconcile;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Writes one resource's status during one reconcile, only when it changed, for either kind. The whole status is
 * replaced with a JSON Patch (the CRUD mock server, like some proxies, does not do server-side apply, and a merge
 * patch cannot clear a list it does not mention), and the result is cached so the next reconcile reads its own
 * write. It never writes the spec or metadata.
 */
final class StatusPatch<R extends CustomResource<?, S>, S> {

  private final Context<R> context;
  private final Supplier<S> empty;
  private final AtomicReference<R> latest;

  StatusPatch(R resource, Context<R> context, Supplier<S> empty) {
    this.context = context;
    this.empty = empty;
    this.latest = new AtomicReference<>(resource);
  }

  S current() {
    S s = latest.get().getStatus();
    return s == null ? empty.get() : s;
  }

  /** @return whether a write was made */
  synchronized boolean write(S status) {
    R resource = latest.get();
    if (status.equals(resource.getStatus())) {
      return false;
    }
    var serialization = context.getClient().getKubernetesSerialization();
    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + serialization.asJson(status) + "}]";
    R updated = PrimaryUpdateAndCacheUtils.updateAndCacheResource(resource, context,
        r -> {
          R copy = serialization.clone(r);
          copy.setStatus(status);
          return copy;
        },
        r -> context.getClient().resource(r).subresource("status").patch(PatchContext.of(PatchType.JSON), patch));
    latest.set(updated);
    return true;
  }
}
