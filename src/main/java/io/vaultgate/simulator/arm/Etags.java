package io.vaultgate.simulator.arm;

import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import io.vaultgate.simulator.http.SimRequest;
import java.util.Optional;

/**
 * Entity tags of the resources that carry one, and ARM's conditional writes on them: {@code If-Match} (write only
 * the version I read) and {@code If-None-Match: *} (create only).
 */
public final class Etags {
  private Etags() {
  }

  /** A fresh tag; every write of a resource takes a new one. */
  public static String random() {
    return Guid.random();
  }

  /** As the Network resource provider writes tags: weak, e.g. {@code W/"..."}. */
  public static String weak(String etag) {
    return "W/\"" + etag + "\"";
  }

  /**
   * Refuses the write with 412 when the request's preconditions do not hold for the resource.
   *
   * @param current  the resource's tag, empty when it does not exist
   * @param resource how messages name it, e.g. {@code Microsoft.Network/privateDnsZones/contoso.com}
   */
  public static void check(SimRequest request, Optional<String> current, String resource) {
    Optional<String> ifMatch = request.header("If-Match").map(Etags::unquote);
    Optional<String> ifNoneMatch = request.header("If-None-Match").map(Etags::unquote);
    if (ifNoneMatch.filter("*"::equals).isPresent() && current.isPresent()) {
      throw new ApiError(412, "PreconditionFailed", "The resource '" + resource + "' already exists and the"
          + " request carries 'If-None-Match: *'.");
    }
    if (ifMatch.isPresent() && !(current.isPresent()
        && (ifMatch.get().equals("*") || ifMatch.get().equals(current.get())))) {
      throw new ApiError(412, "PreconditionFailed", current.isEmpty()
          ? "The resource '" + resource + "' does not exist, so 'If-Match: " + ifMatch.get() + "' cannot hold."
          : "The etag '" + ifMatch.get() + "' given in 'If-Match' does not match the current etag '"
              + current.get() + "' of the resource '" + resource + "'.");
    }
  }

  /** Tags may arrive quoted, or weak ({@code W/"..."}); compare what is inside. */
  private static String unquote(String value) {
    String v = value.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }
}
