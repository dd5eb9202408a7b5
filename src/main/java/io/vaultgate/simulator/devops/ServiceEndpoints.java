package io.vaultgate.simulator.devops;

import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service endpoints (service connections) of every organization. An AzureRM connection with workload
 * identity federation ({@code creationMode} Manual) gets its issuer and subject at creation and becomes ready
 * {@link #setReadyDelay a while later}, as Azure DevOps finishes setting it up; other connections are ready at
 * once. Secret authorization parameters are stored but never returned.
 */
public final class ServiceEndpoints {
  public static final Duration DEFAULT_READY_DELAY = Duration.ofMillis(200);
  /** Authorization parameters Azure DevOps treats as secrets (compared ignoring case). */
  static final Set<String> SECRET_PARAMETERS = Set.of("serviceprincipalkey", "serviceprincipalcertificate",
      "password", "apitoken", "accesstoken");

  private final DevOps devOps;
  private final PipelinePermissions permissions;
  /** By lower-case organization name, then lower-case endpoint id. */
  private final Map<String, Map<String, SimServiceEndpoint>> endpoints = new ConcurrentHashMap<>();
  private volatile Duration readyDelay = DEFAULT_READY_DELAY;

  ServiceEndpoints(DevOps devOps, PipelinePermissions permissions) {
    this.devOps = devOps;
    this.permissions = permissions;
  }

  // ----- state API -----

  /**
   * How long a new workload identity federation connection stays InProgress; zero makes new ones ready at
   * once. Connections created earlier keep their time.
   */
  public void setReadyDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    readyDelay = delay;
  }

  public Duration readyDelay() {
    return readyDelay;
  }

  /** The organization's service connections, oldest first. */
  public List<SimServiceEndpoint> all(String organization) {
    return endpoints.getOrDefault(DevOps.key(organization), Map.of()).values().stream()
        .sorted(Comparator.comparing(SimServiceEndpoint::createdAt).thenComparing(SimServiceEndpoint::id)).toList();
  }

  public Optional<SimServiceEndpoint> find(String organization, String id) {
    return Optional.ofNullable(endpoints.getOrDefault(DevOps.key(organization), Map.of()).get(DevOps.key(id)));
  }

  /** Deletes the connection from every project (with its pipeline permissions); returns whether it existed. */
  public synchronized boolean delete(String organization, String id) {
    Optional<SimServiceEndpoint> endpoint = find(organization, id);
    endpoint.ifPresent(e -> unshare(devOps.existingOrganization(organization), e.id(),
        e.projectReferences().stream().map(ProjectReference::projectId).toList()));
    return endpoint.isPresent();
  }

  // ----- used by the REST handlers and the other stores -----

  /** Stores a new connection with a fresh id; its project references name existing projects. */
  synchronized SimServiceEndpoint create(Organization organization, SimServiceEndpoint requested) {
    checkNames(organization, requested, null);
    String id = Guid.random();
    Instant now = Instant.now();
    boolean federated = requested.isAzureRm() && requested.usesWorkloadIdentityFederation();
    SimServiceEndpoint created = requested.with(id, parameters(organization, id, requested, Map.of()),
        requested.projectReferences(), now, federated ? now.plus(readyDelay) : now);
    endpoints.computeIfAbsent(DevOps.key(organization.name()), k -> new ConcurrentHashMap<>())
        .put(DevOps.key(id), created);
    return created;
  }

  /**
   * Replaces a connection's settings (not its type); secrets sent as null keep their stored value, project
   * references are kept when none are sent.
   */
  synchronized SimServiceEndpoint update(Organization organization, String id, SimServiceEndpoint requested) {
    SimServiceEndpoint current = existing(organization, id);
    if (!current.type().equalsIgnoreCase(requested.type())) {
      throw new ApiError(400, "ArgumentException", "The type of service connection '" + current.name()
          + "' cannot be changed from '" + current.type() + "' to '" + requested.type() + "'.");
    }
    List<ProjectReference> references = requested.projectReferences().isEmpty() ? current.projectReferences()
        : requested.projectReferences();
    SimServiceEndpoint candidate = requested.with(current.id(), requested.parameters(), references,
        current.createdAt(), current.readyAt());
    checkNames(organization, candidate, current.id());
    SimServiceEndpoint updated = candidate.with(current.id(),
        parameters(organization, current.id(), candidate, current.parameters()), references,
        current.createdAt(), current.readyAt());
    endpoints.get(DevOps.key(organization.name())).put(DevOps.key(current.id()), updated);
    droppedProjects(current, updated).forEach(projectId ->
        permissions.forget(organization.name(), projectId, PipelinePermissions.ENDPOINT, current.id()));
    return updated;
  }

  /** Stops sharing the connection with these projects; deletes it when no project is left. */
  synchronized void unshare(Organization organization, String id, List<String> projectIds) {
    SimServiceEndpoint current = existing(organization, id);
    List<ProjectReference> kept = current.projectReferences().stream()
        .filter(r -> projectIds.stream().noneMatch(r.projectId()::equalsIgnoreCase)).toList();
    Map<String, SimServiceEndpoint> all = endpoints.get(DevOps.key(organization.name()));
    if (kept.isEmpty()) {
      all.remove(DevOps.key(current.id()));
    } else {
      all.put(DevOps.key(current.id()), current.with(current.id(), current.parameters(), kept,
          current.createdAt(), current.readyAt()));
    }
    projectIds.forEach(projectId ->
        permissions.forget(organization.name(), projectId, PipelinePermissions.ENDPOINT, current.id()));
  }

  /** @throws ApiError 404 if the organization has no such connection */
  SimServiceEndpoint existing(Organization organization, String id) {
    return find(organization.name(), id).orElseThrow(() -> notFound(id));
  }

  static ApiError notFound(String id) {
    return new ApiError(404, "ServiceEndpointNotFoundException", "Service connection with id '" + id
        + "' does not exist or you do not have permission to access it.");
  }

  static boolean isSecret(String parameter) {
    return SECRET_PARAMETERS.stream().anyMatch(parameter::equalsIgnoreCase);
  }

  /**
   * The parameters to store: secrets missing from the request keep their stored value, and a federated AzureRM
   * connection gets the issuer and subject Azure DevOps derives (whatever the request said).
   */
  private static Map<String, String> parameters(Organization organization, String id, SimServiceEndpoint requested,
                         Map<String, String> stored) {
    Map<String, String> parameters = new LinkedHashMap<>(requested.parameters());
    stored.forEach((name, value) -> {
      if (isSecret(name) && parameters.get(name) == null) {
        parameters.put(name, value);
      }
    });
    if (requested.isAzureRm() && requested.usesWorkloadIdentityFederation()) {
      String tenantId = guidParameter(requested, "tenantid");
      guidParameter(requested, "serviceprincipalid");
      String creationMode = requested.dataValue("creationMode").orElse("Automatic");
      if (!creationMode.equalsIgnoreCase("Manual")) {
        throw new ApiError(400, "ArgumentException", "Creation mode '" + creationMode + "' needs the caller to"
            + " create an app registration in Microsoft Entra ID, which it may not. Use creationMode 'Manual'"
            + " with an existing app registration or managed identity (serviceprincipalid).");
      }
      parameters.keySet().removeIf(name -> name.equalsIgnoreCase(SimServiceEndpoint.ISSUER_PARAMETER)
          || name.equalsIgnoreCase(SimServiceEndpoint.SUBJECT_PARAMETER));
      parameters.put(SimServiceEndpoint.ISSUER_PARAMETER, WorkloadIdentityFederation.issuer(tenantId));
      parameters.put(SimServiceEndpoint.SUBJECT_PARAMETER,
          WorkloadIdentityFederation.subject(tenantId, organization.id(), id));
    }
    return parameters;
  }

  private static String guidParameter(SimServiceEndpoint endpoint, String name) {
    String value = endpoint.parameter(name).orElse(null);
    if (!Guid.is(value)) {
      throw new ApiError(400, "ArgumentException", "The authorization parameter '" + name + "' of service"
          + " connection '" + endpoint.name() + "' must be a GUID, not '" + value + "'.");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** Names are unique per project, ignoring case; every referenced project must exist. */
  private void checkNames(Organization organization, SimServiceEndpoint candidate, String self) {
    for (ProjectReference reference : candidate.projectReferences()) {
      Project project = devOps.project(organization.name(), reference.projectId());
      for (SimServiceEndpoint other : all(organization.name())) {
        if (!other.id().equals(self) && other.reference(project.id())
            .filter(r -> r.name().equalsIgnoreCase(reference.name())).isPresent()) {
          throw new ApiError(409, "DuplicateServiceConnectionException", "A service connection with name '"
              + reference.name() + "' already exists in project '" + project.name() + "'. Choose a different"
              + " name for the service connection.");
        }
      }
    }
  }

  /** The projects the old connection was shared with and the new one is not. */
  private static List<String> droppedProjects(SimServiceEndpoint before, SimServiceEndpoint after) {
    return before.projectReferences().stream().map(ProjectReference::projectId)
        .filter(projectId -> !after.isSharedWith(projectId)).toList();
  }
}
