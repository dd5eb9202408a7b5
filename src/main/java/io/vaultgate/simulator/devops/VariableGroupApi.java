package io.vaultgate.simulator.devops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Azure DevOps's variable groups (the pipeline library): create, get, list, update and delete. */
public final class VariableGroupApi {
  static final List<String> API_VERSIONS = List.of("7.0", "7.1-preview.2", "7.1");

  private final DevOps devOps;

  private VariableGroupApi(DevOps devOps) {
    this.devOps = devOps;
  }

  public static void register(DevOpsService service, DevOps devOps) {
    VariableGroupApi api = new VariableGroupApi(devOps);
    service.route("POST", DevOps.VARIABLE_GROUPS_ROUTE, API_VERSIONS, api::create);
    service.route("PUT", DevOps.VARIABLE_GROUP_ROUTE, API_VERSIONS, api::update);
    service.route("DELETE", DevOps.VARIABLE_GROUP_ROUTE, API_VERSIONS, api::delete);
    service.route("GET", DevOps.PROJECT_VARIABLE_GROUPS_ROUTE, API_VERSIONS, api::list);
    service.route("GET", DevOps.PROJECT_VARIABLE_GROUP_ROUTE, API_VERSIONS, api::get);
  }

  private SimResponse create(SimRequest request) {
    Organization organization = organization(request);
    SimVariableGroup created = devOps.variableGroups().create(organization, parse(organization,
        SimJson.body(request)));
    return SimResponse.json(200, json(organization, created));
  }

  /** A group that is missing or not shared with the project is answered with a null body. */
  private SimResponse get(SimRequest request) {
    Organization organization = organization(request);
    Project project = devOps.project(organization.name(), request.pathParam(1));
    return devOps.variableGroups().find(organization.name(), id(request.pathParam(2)))
        .filter(g -> g.isSharedWith(project.id()))
        .map(g -> SimResponse.json(200, json(organization, g)))
        .orElseGet(() -> SimResponse.json(200, NullNode.getInstance()));
  }

  /**
   * The project's groups, by {@code groupName} ({@code *} matches any run of characters, ignoring case) or
   * {@code groupIds}; newest first unless {@code queryOrder=IdAscending}; at most {@code $top}.
   */
  private SimResponse list(SimRequest request) {
    Organization organization = organization(request);
    Project project = devOps.project(organization.name(), request.pathParam(1));
    Optional<Pattern> name = request.queryParam("groupName").map(VariableGroupApi::wildcard);
    List<Integer> ids = DevOpsJson.commaList(request, "groupIds").stream().map(VariableGroupApi::id).toList();
    Comparator<SimVariableGroup> order = Comparator.comparingInt(SimVariableGroup::id);
    if (!request.queryParam("queryOrder").orElse("IdDescending").equalsIgnoreCase("IdAscending")) {
      order = order.reversed();
    }
    int top = request.queryParam("$top").map(t -> number(t, "$top")).orElse(Integer.MAX_VALUE);
    return SimResponse.json(200, DevOpsJson.list(devOps.variableGroups().all(organization.name()).stream()
        .filter(g -> g.isSharedWith(project.id()))
        .filter(g -> name.isEmpty() || name.get().matcher(g.name()).matches())
        .filter(g -> ids.isEmpty() || ids.contains(g.id()))
        .sorted(order).limit(top)
        .map(g -> json(organization, g)).toList()));
  }

  private SimResponse update(SimRequest request) {
    Organization organization = organization(request);
    SimVariableGroup updated = devOps.variableGroups().update(organization, id(request.pathParam(1)),
        parse(organization, SimJson.body(request)));
    return SimResponse.json(200, json(organization, updated));
  }

  /** Removes the group from the projects named (by id or name); the last one removes it altogether. */
  private SimResponse delete(SimRequest request) {
    Organization organization = organization(request);
    List<String> projectIds = DevOpsJson.requiredList(request, "projectIds").stream()
        .map(p -> devOps.project(organization.name(), p).id()).toList();
    devOps.variableGroups().unshare(organization, id(request.pathParam(1)), projectIds);
    return SimResponse.empty(204);
  }

  private Organization organization(SimRequest request) {
    return devOps.existingOrganization(request.pathParam(0));
  }

  private SimVariableGroup parse(Organization organization, ObjectNode body) {
    JsonFields fields = new JsonFields(body, "");
    String name = fields.text("name").filter(n -> !n.isBlank())
        .orElseThrow(() -> DevOpsJson.argumentNull("variableGroupParameters.Name"));
    String type = type(fields.text("type").orElse(SimVariableGroup.VSTS));
    boolean keyVault = type.equals(SimVariableGroup.AZURE_KEY_VAULT);
    String description = fields.text("description").orElse("");
    Map<String, SimVariableGroup.Variable> variables = new LinkedHashMap<>();
    fields.object("variables").ifPresent(all -> all.node().fieldNames().forEachRemaining(variable -> {
      JsonFields v = all.object(variable).orElseThrow(() -> all.missing(variable));
      variables.put(variable, new SimVariableGroup.Variable(v.text("value").orElse(null),
          v.bool("isSecret").orElse(keyVault), v.bool("isReadOnly").orElse(false),
          v.bool("enabled").orElse(keyVault ? true : null), v.text("contentType").orElse(keyVault ? "" : null),
          v.text("expires").orElse(null)));
    }));
    SimVariableGroup.KeyVaultProvider provider = keyVault ? keyVaultProvider(fields) : null;
    List<ProjectReference> references = DevOpsJson.projectReferences(devOps, organization, fields,
        "variableGroupProjectReferences", name, description);
    if (references.isEmpty()) {
      throw DevOpsJson.argumentNull("variableGroupParameters.VariableGroupProjectReferences");
    }
    return new SimVariableGroup(0, name, description, type, provider, variables, references, null, null);
  }

  /** A Key Vault group names its service connection and the vault (by name). */
  private static SimVariableGroup.KeyVaultProvider keyVaultProvider(JsonFields fields) {
    JsonFields provider = fields.object("providerData").orElseThrow(() -> new ApiError(400, "ArgumentException",
        "A variable group of type " + SimVariableGroup.AZURE_KEY_VAULT + " needs providerData with serviceEndpointId"
            + " and vault."));
    String endpoint = provider.text("serviceEndpointId").filter(Guid::is).orElseThrow(() -> new ApiError(400,
        "ArgumentException", "providerData.serviceEndpointId must be the id of an Azure Resource Manager service"
            + " connection."));
    String vault = provider.text("vault").filter(v -> !v.isBlank()).orElseThrow(() -> new ApiError(400,
        "ArgumentException", "providerData.vault must be the name of the key vault."));
    return new SimVariableGroup.KeyVaultProvider(endpoint, vault, provider.text("lastRefreshedOn").orElse(null));
  }

  private static String type(String type) {
    return List.of(SimVariableGroup.VSTS, SimVariableGroup.AZURE_KEY_VAULT).stream().filter(type::equalsIgnoreCase)
        .findFirst().orElseThrow(() -> new ApiError(400, "ArgumentException", "Variable group type '" + type
            + "' is not supported. Supported types: " + SimVariableGroup.VSTS + ", " + SimVariableGroup.AZURE_KEY_VAULT
            + "."));
  }

  private static int id(String value) {
    return number(value, "groupId");
  }

  private static int number(String value, String parameter) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiError(400, "ArgumentException", "The value '" + value + "' is not valid for " + parameter + ".");
    }
  }

  private static Pattern wildcard(String groupName) {
    return Pattern.compile(Arrays.stream(groupName.split("\\*", -1)).map(Pattern::quote)
        .collect(Collectors.joining(".*")), Pattern.CASE_INSENSITIVE);
  }

  /** The group as Azure DevOps returns it: secret values null. */
  private ObjectNode json(Organization organization, SimVariableGroup group) {
    ObjectNode node = SimJson.object();
    ObjectNode variables = node.putObject("variables");
    group.variables().forEach((name, v) -> {
      ObjectNode variable = variables.putObject(name);
      variable.put("value", v.isSecret() ? null : v.value());
      if (v.isSecret()) {
        variable.put("isSecret", true);
      }
      if (v.isReadOnly()) {
        variable.put("isReadOnly", true);
      }
      if (v.enabled() != null) {
        variable.put("enabled", v.enabled());
      }
      if (v.contentType() != null) {
        variable.put("contentType", v.contentType());
      }
      if (v.expires() != null) {
        variable.put("expires", v.expires());
      }
    });
    node.put("id", group.id());
    node.put("type", group.type());
    node.put("name", group.name());
    node.put("description", group.description());
    if (group.providerData() != null) {
      ObjectNode provider = node.putObject("providerData");
      provider.put("serviceEndpointId", group.providerData().serviceEndpointId());
      provider.put("vault", group.providerData().vault());
      if (group.providerData().lastRefreshedOn() != null) {
        provider.put("lastRefreshedOn", group.providerData().lastRefreshedOn());
      }
    }
    node.set("createdBy", DevOpsJson.caller());
    node.put("createdOn", SimJson.timestamp(group.createdOn()));
    node.set("modifiedBy", DevOpsJson.caller());
    node.put("modifiedOn", SimJson.timestamp(group.modifiedOn()));
    node.put("isShared", group.projectReferences().size() > 1);
    ArrayNode references = node.putArray("variableGroupProjectReferences");
    group.projectReferences().forEach(reference -> references.add(DevOpsJson.projectReference(reference,
        devOps.project(organization.name(), reference.projectId()))));
    return node;
  }
}
