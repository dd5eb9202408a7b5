package io.vaultgate.simulator.arm;

import java.util.Locale;
import java.util.Optional;

/** ARM scopes (a subscription, a resource group, a resource) as paths, compared whole segments and ignoring case. */
public final class Scopes {
  private Scopes() {
  }

  /** One leading slash, no trailing one. */
  public static String normalise(String scope) {
    return "/" + scope.replaceAll("^/+|/+$", "");
  }

  /**
   * Whether {@code ancestor} is {@code scope} or contains it (a subscription contains its resource groups, a
   * group its resources).
   */
  public static boolean isAtOrAbove(String ancestor, String scope) {
    String a = normalise(ancestor).toLowerCase(Locale.ROOT);
    String s = normalise(scope).toLowerCase(Locale.ROOT);
    return s.equals(a) || a.equals("/") || s.startsWith(a + "/");
  }

  public static boolean same(String a, String b) {
    return normalise(a).equalsIgnoreCase(normalise(b));
  }

  /** The subscription a scope lies in, if any. */
  public static Optional<String> subscriptionId(String scope) {
    String[] segments = normalise(scope).split("/");
    return segments.length >= 3 && segments[1].equalsIgnoreCase("subscriptions")
        ? Optional.of(segments[2]) : Optional.empty();
  }
}
