package io.vaultgate.reconcile;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.OperatorException;
import io.vaultgate.api.LenientSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Writes one resource's status during one reconcile, only when it changed, for either kind. The whole status is
 * replaced with a JSON Patch (the CRUD mock server, like some proxies, does not do server-side apply, and a merge
 * patch cannot clear a list it does not mention) that carries the resource version it was built on, so the API
 * server refuses it (409) when the resource changed since. On a conflict it retries from a fresher copy only when
 * that copy's status is still the one this write was built on (a spec or metadata change); a status someone else
 * wrote (another replica, a stale view) is never overwritten: the conflict goes back to the reconcile, which starts
 * again from the newer ledger. The result is cached so the next reconcile reads its own write. It never writes the
 * spec or metadata.
 */
final class StatusPatch<R extends CustomResource<?, S>, S> {

  /** The status changed under this write: the reconcile must start again from the newer one. */
  static final class StaleStatus extends KubernetesClientException {
    StaleStatus(String resource) {
      super("the status of " + resource + " changed since this reconcile read it; not overwritten", 409, null);
    }
  }

  private static final int MAX_ATTEMPTS = 3;

  /** The API server as a status write sees it. */
  interface Api<R, S> {
    /** Applies the JSON patch to the status subresource of {@code from}; the resource as written. */
    R write(R from, S status, String jsonPatch);

    /** The resource as the API server has it now; null when gone. */
    R read(R from);
  }

  private final Api<R, S> api;
  private final KubernetesSerialization serialization;
  private final Supplier<S> empty;
  private final AtomicReference<R> latest;

  StatusPatch(R resource, Context<R> context, Supplier<S> empty) {
    this(resource, context.getClient().getKubernetesSerialization(), cached(context), empty);
  }

  StatusPatch(R resource, KubernetesSerialization serialization, Api<R, S> api,
      Supplier<S> empty) {
    this.api = api;
    this.serialization = serialization;
    this.empty = empty;
    this.latest = new AtomicReference<>(resource);
  }

  /** Writes through the reconcile's client and caches the result, so the next reconcile reads its own write. */
  private static <R extends CustomResource<?, S>, S> Api<R, S> cached(Context<R> context) {
    var serialization = context.getClient().getKubernetesSerialization();
    return new Api<>() {
      @Override
      public R write(R from, S status, String jsonPatch) {
        try {
          return PrimaryUpdateAndCacheUtils.updateAndCacheResource(from, context,
              r -> {
                R copy = LenientSpec.copySpec(r, serialization.clone(r));
                copy.setStatus(status);
                return copy;
              },
              r -> context.getClient().resource(r).subresource("status").patch(PatchContext.of(PatchType.JSON),
                  jsonPatch), 0, 0, 1);
        } catch (OperatorException exhausted) {
          // with no retries of its own, the utility wraps the API server's refusal
          if (exhausted.getCause() instanceof KubernetesClientException e) {
            throw e;
          }
          throw exhausted;
        }
      }

      @Override
      public R read(R from) {
        return context.getClient().resource(from).get();
      }
    };
  }

  S current() {
    S s = latest.get().getStatus();
    return s == null ? empty.get() : s;
  }

  /** @return whether a write was made */
  synchronized boolean write(S status) {
    R base = latest.get();
    if (status.equals(base.getStatus())) {
      return false;
    }
    String value = serialization.asJson(status);
    for (int attempt = 1; ; attempt++) {
      R from = base;
      try {
        R updated = api.write(from, status, patch(from.getMetadata().getResourceVersion(), value));
        latest.set(updated);
        return true;
      } catch (KubernetesClientException e) {
        if (e instanceof StaleStatus || e.getCode() != 409 || attempt == MAX_ATTEMPTS) {
          throw e;
        }
        R fresh = api.read(from);
        if (fresh == null) {
          throw e;
        }
        if (!Objects.equals(fresh.getStatus(), from.getStatus())) {
          throw new StaleStatus(from.getMetadata().getNamespace() + "/" + from.getMetadata().getName());
        }
        base = fresh;
        latest.set(fresh);
      }
    }
  }

  /** The status replaced, on the condition that the resource is still at {@code resourceVersion}. */
  static String patch(String resourceVersion, String status) {
    return "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + resourceVersion + "\"},"
        + "{\"op\":\"add\",\"path\":\"/status\",\"value\":" + status + "}]";
  }
}
