package io.vaultgate.simulator.devops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.BearerToken;
import io.vaultgate.simulator.http.Guid;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wire pieces shared by the Azure DevOps resources: lists, identities, project references, query lists. */
final class DevOpsJson {
  /** Who the simulated requests act as: the caller's identity in createdBy, authorizedBy and connectionData. */
  static final String CALLER_ID = BearerToken.CALLER_OBJECT_ID;
  static final String CALLER_NAME = "Pipeline Automation";

  private DevOpsJson() {
  }

  /** Azure DevOps's list envelope. */
  static ObjectNode list(List<ObjectNode> items) {
    ObjectNode body = SimJson.object();
    body.put("count", items.size());
    ArrayNode value = body.putArray("value");
    items.forEach(value::add);
    return body;
  }

  static ObjectNode caller() {
    return SimJson.object().put("displayName", CALLER_NAME).put("id", CALLER_ID);
  }

  /** Links point back at this server, as Azure DevOps's point at dev.azure.com. */
  static String origin(SimRequest request) {
    return "https://" + request.header("Host").orElse("dev.azure.com");
  }

  static ObjectNode projectReference(ProjectReference reference, Project project) {
    ObjectNode node = SimJson.object();
    node.putObject("projectReference").put("id", project.id()).put("name", project.name());
    node.put("name", reference.name());
    node.put("description", reference.description());
    return node;
  }

  /**
   * The project references of a request body; each names an existing project by id (a GUID, as Azure DevOps
   * reads it; the name sent beside it is ignored), and takes the resource's own name and description when it has
   * none.
   */
  static List<ProjectReference> projectReferences(DevOps devOps, Organization organization, JsonFields body,
                          String field, String name, String description) {
    return body.objects(field, reference -> {
      JsonFields project = reference.object("projectReference")
          .orElseThrow(() -> reference.missing("projectReference"));
      String id = project.text("id").orElseThrow(() -> argumentNull("projectReference.Id"));
      if (!Guid.is(id)) {
        throw new ApiError(400, "ArgumentException", "The project reference id '" + id + "' is not a GUID.");
      }
      return new ProjectReference(devOps.project(organization.name(), id).id(),
          reference.text("name").orElse(name), reference.text("description").orElse(description));
    });
  }

  /** A JSON object of scalar values as strings (Azure DevOps keeps these as string dictionaries). */
  static Map<String, String> strings(JsonFields parent, String field) {
    Map<String, String> values = new LinkedHashMap<>();
    parent.object(field).ifPresent(object -> object.node().properties().forEach(e -> {
      JsonNode value = e.getValue();
      if (value.isContainerNode()) {
        throw object.wrongType("an object of strings");
      }
      values.put(e.getKey(), value.isNull() ? null : value.asText());
    }));
    return values;
  }

  /** A comma-separated query parameter; empty when absent. */
  static List<String> commaList(SimRequest request, String parameter) {
    return request.queryParam(parameter).map(v -> Arrays.stream(v.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList()).orElse(List.of());
  }

  /** A required comma-separated list, refused as .NET refuses a null argument. */
  static List<String> requiredList(SimRequest request, String parameter) {
    List<String> values = commaList(request, parameter);
    if (values.isEmpty()) {
      throw argumentNull(parameter);
    }
    return values;
  }

  /** .NET's refusal of a missing argument, as Azure DevOps passes it on. */
  static ApiError argumentNull(String parameter) {
    return new ApiError(400, "ArgumentNullException", "Value cannot be null.\r\nParameter name: " + parameter);
  }
}
