package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * One kind of object the embedded API serves, as discovery describes it to kubectl, and the columns
 * {@code kubectl get} shows for it.
 *
 * @param group empty for the core group
 * @param subresources e.g. "status"
 * @param schema a custom resource's structural schema (openAPIV3Schema); empty for the core objects
 */
record ApiResource(String group, String version, String plural, String singular, String kind, boolean namespaced,
                   List<String> shortNames, List<String> categories, List<String> subresources,
                   List<Column> columns, Optional<JsonNode> schema) {

  static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  ApiResource {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    subresources = List.copyOf(subresources);
    columns = List.copyOf(columns);
  }

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** As kubectl names it in errors: {@code privatevaultaccesses.vaultgate.io}, {@code namespaces}. */
  String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
