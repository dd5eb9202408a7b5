package io.vaultgate.sandbox;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request path naming objects: {@code /api/v1/namespaces/NS/events},
 * {@code /apis/GROUP/VERSION/namespaces/NS/PLURAL/NAME/status}, {@code /api/v1/namespaces/NAME}.
 *
 * @param namespace null for cluster-wide lists and cluster-scoped objects
 * @param name null for a list
 * @param subresource null for the object itself
 */
record ResourcePath(String group, String version, String namespace, String plural, String name,
                    String subresource) {

  private static final List<String> NAMESPACE_SUBRESOURCES = List.of("status", "finalize");

  /** Empty for paths that name no objects (discovery, /version, /openapi). */
  static Optional<ResourcePath> parse(String path) {
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    List<String> rest;
    String group;
    String version;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      version = segments.get(1);
      rest = segments.subList(2, segments.size());
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      version = segments.get(2);
      rest = segments.subList(3, segments.size());
    } else {
      return Optional.empty();
    }
    String namespace = null;
    // namespaces/NS/PLURAL... is inside a namespace; namespaces/NS/status is the namespace's own subresource.
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")
        && !(rest.size() == 3 && NAMESPACE_SUBRESOURCES.contains(rest.get(2)))) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      return Optional.empty();
    }
    return Optional.of(new ResourcePath(group, version, namespace, rest.get(0), rest.size() > 1 ? rest.get(1) : null,
        rest.size() > 2 ? rest.get(2) : null));
  }

  boolean isList() {
    return name == null;
  }
}
