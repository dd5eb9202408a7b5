package io.vaultgate.simulator.devops;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Azure DevOps service endpoint (service connection) as stored, secrets included (they are never returned).
 *
 * @param data        type-specific settings, e.g. subscriptionId and creationMode of an AzureRM connection
 * @param scheme      the authorization scheme, e.g. "WorkloadIdentityFederation"
 * @param parameters  the authorization parameters; for workload identity federation they include the issuer and
 *                    subject Azure DevOps derived
 * @param readyAt     when its operation completes (isReady true, operationStatus Ready)
 */
public record SimServiceEndpoint(String id, String name, String type, String url, String description,
                Map<String, String> data, String scheme, Map<String, String> parameters,
                List<ProjectReference> projectReferences, String owner, Instant createdAt, Instant readyAt) {
  public static final String AZURE_RM = "AzureRM";
  public static final String WORKLOAD_IDENTITY_FEDERATION = "WorkloadIdentityFederation";
  public static final String ISSUER_PARAMETER = "workloadIdentityFederationIssuer";
  public static final String SUBJECT_PARAMETER = "workloadIdentityFederationSubject";

  public SimServiceEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scheme, "scheme");
    // Insertion order is the order of the wire; values may be null.
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    projectReferences = List.copyOf(projectReferences);
  }

  public boolean isReady() {
    return readyAt != null && !Instant.now().isBefore(readyAt);
  }

  /** Types are compared ignoring case ("AzureRM" in the docs, "azurerm" from some clients). */
  public boolean isAzureRm() {
    return type.equalsIgnoreCase(AZURE_RM);
  }

  public boolean usesWorkloadIdentityFederation() {
    return scheme.equalsIgnoreCase(WORKLOAD_IDENTITY_FEDERATION);
  }

  /** An authorization parameter, its name compared ignoring case. */
  public Optional<String> parameter(String name) {
    return lookup(parameters, name);
  }

  /** A data value, its name compared ignoring case. */
  public Optional<String> dataValue(String name) {
    return lookup(data, name);
  }

  public Optional<ProjectReference> reference(String projectId) {
    return projectReferences.stream().filter(r -> r.projectId().equalsIgnoreCase(projectId)).findFirst();
  }

  public boolean isSharedWith(String projectId) {
    return reference(projectId).isPresent();
  }

  SimServiceEndpoint with(String id, Map<String, String> parameters, List<ProjectReference> projectReferences,
             Instant createdAt, Instant readyAt) {
    return new SimServiceEndpoint(id, name, type, url, description, data, scheme, parameters, projectReferences,
        owner, createdAt, readyAt);
  }

  private static Optional<String> lookup(Map<String, String> map, String name) {
    return map.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null)
        .map(Map.Entry::getValue).findFirst();
  }
}
