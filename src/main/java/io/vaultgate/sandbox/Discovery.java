package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API server's discovery documents (legacy, unaggregated: every kubectl version falls back to them) built
 * from the catalog: {@code /api}, {@code /apis}, {@code /apis/GROUP} and the resource list of each group version.
 */
final class Discovery {

  private Discovery() {
  }

  /** {@code /api}: the core group's versions. */
  static ObjectNode coreVersions(String serverAddress) {
    ObjectNode doc = Json.MAPPER.createObjectNode().put("kind", "APIVersions");
    doc.putArray("versions").add("v1");
    doc.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress);
    return doc;
  }

  /** {@code /apis}: every named group, the first served version preferred. */
  static ObjectNode groupList(List<ApiResource> resources) {
    ObjectNode doc = Json.MAPPER.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    versionsByGroup(resources).forEach((group, versions) -> groups.add(group(group, versions)));
    return doc;
  }

  /** {@code /apis/GROUP}; empty if no resource has that group. */
  static Optional<ObjectNode> group(List<ApiResource> resources, String group) {
    List<String> versions = versionsByGroup(resources).get(group);
    return versions == null ? Optional.empty()
        : Optional.of(group(group, versions).put("kind", "APIGroup").put("apiVersion", "v1"));
  }

  /** {@code /api/v1} or {@code /apis/GROUP/VERSION}; empty if nothing is served there. */
  static Optional<ObjectNode> resourceList(List<ApiResource> resources, String group, String version) {
    List<ApiResource> served = resources.stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version)).toList();
    if (served.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = Json.MAPPER.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", served.get(0).groupVersion());
    ArrayNode list = doc.putArray("resources");
    for (ApiResource r : served) {
      ObjectNode entry = list.addObject().put("name", r.plural()).put("singularName", r.singular())
          .put("namespaced", r.namespaced()).put("kind", r.kind());
      ApiResource.VERBS.forEach(entry.putArray("verbs")::add);
      if (!r.shortNames().isEmpty()) {
        r.shortNames().forEach(entry.putArray("shortNames")::add);
      }
      if (!r.categories().isEmpty()) {
        r.categories().forEach(entry.putArray("categories")::add);
      }
      for (String sub : r.subresources()) {
        ObjectNode subresource = list.addObject().put("name", r.plural() + "/" + sub).put("singularName", "")
            .put("namespaced", r.namespaced()).put("kind", r.kind());
        List.of("get", "patch", "update").forEach(subresource.putArray("verbs")::add);
      }
    }
    return Optional.of(doc);
  }

  private static Map<String, List<String>> versionsByGroup(List<ApiResource> resources) {
    Map<String, List<String>> byGroup = new LinkedHashMap<>();
    resources.stream().filter(r -> !r.group().isEmpty()).forEach(r -> {
      List<String> versions = byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>());
      if (!versions.contains(r.version())) {
        versions.add(r.version());
      }
    });
    return byGroup;
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode group = Json.MAPPER.createObjectNode().put("name", name);
    ArrayNode list = group.putArray("versions");
    versions.forEach(v -> list.addObject().put("groupVersion", name + "/" + v).put("version", v));
    group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0))
        .put("version", versions.get(0));
    return group;
  }
}
