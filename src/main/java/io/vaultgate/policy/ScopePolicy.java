package io.vaultgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which Azure scopes each namespace may target, so that a team can only open the vaults it is meant to. A scope is
 * a resource-id prefix ({@code /subscriptions/<id>} or {@code .../resourceGroups/<rg>} or a vault id), matched
 * case-insensitively and only on whole path segments. A namespace the policy does not list may target nothing,
 * unless the policy has a {@code "*"} entry. Without a policy file every namespace may target every scope.
 */
public final class ScopePolicy {

  public static final String ANY_NAMESPACE = "*";

  private final Map<String, List<String>> scopes;
  private final boolean allowAll;

  private ScopePolicy(Map<String, List<String>> scopes, boolean allowAll) {
    this.scopes = scopes;
    this.allowAll = allowAll;
  }

  public static ScopePolicy allowAll() {
    return new ScopePolicy(Map.of(), true);
  }

  public static ScopePolicy of(Map<String, List<String>> scopes) {
    Map<String, List<String>> normalised = new LinkedHashMap<>();
    scopes.forEach((ns, list) -> normalised.put(ns, list.stream().map(ScopePolicy::normalise).toList()));
    return new ScopePolicy(Map.copyOf(normalised), false);
  }

  public boolean allowsAll() {
    return allowAll;
  }

  /** Empty when allowed; otherwise why not, in words a user can act on. */
  public Optional<String> denial(String namespace, String resourceId) {
    if (allowAll) {
      return Optional.empty();
    }
    List<String> allowed = new ArrayList<>(scopes.getOrDefault(namespace, List.of()));
    allowed.addAll(scopes.getOrDefault(ANY_NAMESPACE, List.of()));
    String target = normalise(resourceId);
    for (String scope : allowed) {
      if (target.equals(scope) || target.startsWith(scope + "/")) {
        return Optional.empty();
      }
    }
    return Optional.of(allowed.isEmpty()
        ? "the scope policy allows namespace '" + namespace + "' no Azure scope"
        : "'" + resourceId + "' is outside the Azure scopes the scope policy allows namespace '" + namespace + "': "
            + String.join(", ", allowed));
  }

  private static String normalise(String id) {
    String s = id.trim().toLowerCase(Locale.ROOT);
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /**
   * Reads a YAML (or JSON) file of the form:
   * <pre>
   * namespaces:
   *   team-payments:
   *     - /subscriptions/&lt;id&gt;/resourceGroups/rg-payments
   * </pre>
   */
  public static ScopePolicy load(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    JsonNode namespaces = root == null ? null : root.get("namespaces");
    if (namespaces == null || !namespaces.isObject()) {
      throw new IllegalArgumentException(file + ": expected a 'namespaces' map of namespace to scope list");
    }
    Map<String, List<String>> scopes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = namespaces.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> list = new ArrayList<>();
      if (!e.getValue().isArray()) {
        throw new IllegalArgumentException(file + ": namespaces." + e.getKey() + " must be a list of scopes");
      }
      for (JsonNode scope : e.getValue()) {
        String s = scope.asText("");
        if (!s.toLowerCase(Locale.ROOT).startsWith("/subscriptions/")) {
          throw new IllegalArgumentException(file + ": namespaces." + e.getKey() + ": '" + s
              + "' is not a resource-id prefix (/subscriptions/...)");
        }
        list.add(s);
      }
      scopes.put(e.getKey(), list);
    }
    return of(scopes);
  }
}
