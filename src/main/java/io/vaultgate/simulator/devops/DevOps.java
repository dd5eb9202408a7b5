package io.vaultgate.simulator.devops;

import io.vaultgate.simulator.arm.keyvault.NetworkAclsRules;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated Azure DevOps: organizations with their projects and personal access tokens, and (through
 * {@link #serviceEndpoints()}, {@link #variableGroups()} and {@link #pipelinePermissions()}) what pipelines use.
 * Seeded and read through this state API as another administrator would (not requests: not logged or faulted;
 * rule violations throw {@link ApiError} as over REST).
 */
public final class DevOps {
  /** Route templates, as they appear in the request log; the first segment is the organization. */
  public static final String CONNECTION_DATA_ROUTE = "/{}/_apis/connectionData";
  public static final String PROJECTS_ROUTE = "/{}/_apis/projects";
  public static final String PROJECT_ROUTE = PROJECTS_ROUTE + "/{}";
  public static final String ENDPOINTS_ROUTE = "/{}/_apis/serviceendpoint/endpoints";
  public static final String ENDPOINT_ROUTE = ENDPOINTS_ROUTE + "/{}";
  public static final String PROJECT_ENDPOINTS_ROUTE = "/{}/{}/_apis/serviceendpoint/endpoints";
  public static final String PROJECT_ENDPOINT_ROUTE = PROJECT_ENDPOINTS_ROUTE + "/{}";
  public static final String ENDPOINT_PROXY_ROUTE = "/{}/{}/_apis/serviceendpoint/endpointproxy";
  public static final String PIPELINE_PERMISSIONS_ROUTE = "/{}/{}/_apis/pipelines/pipelinePermissions/{}/{}";
  public static final String VARIABLE_GROUPS_ROUTE = "/{}/_apis/distributedtask/variablegroups";
  public static final String VARIABLE_GROUP_ROUTE = VARIABLE_GROUPS_ROUTE + "/{}";
  public static final String PROJECT_VARIABLE_GROUPS_ROUTE = "/{}/{}/_apis/distributedtask/variablegroups";
  public static final String PROJECT_VARIABLE_GROUP_ROUTE = PROJECT_VARIABLE_GROUPS_ROUTE + "/{}";

  /** An address of Azure DevOps's United States ranges (Central US, 20.37.158.0/23). */
  public static final String DEFAULT_EGRESS_ADDRESS = "20.37.158.10";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  /** By lower-case name. */
  private final Map<String, Organization> organizations = new ConcurrentHashMap<>();
  /** By lower-case organization name, then lower-case project id. */
  private final Map<String, Map<String, Project>> projects = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> tokens = new ConcurrentHashMap<>();
  private final Set<String> entraRefused = ConcurrentHashMap.newKeySet();
  private final PipelinePermissions pipelinePermissions = new PipelinePermissions(this);
  private final ServiceEndpoints serviceEndpoints = new ServiceEndpoints(this, pipelinePermissions);
  private final VariableGroups variableGroups = new VariableGroups(this, serviceEndpoints, pipelinePermissions);

  public DevOps() {
  }

  // ----- state API -----

  /** An organization with a fresh id, calling out from {@link #DEFAULT_EGRESS_ADDRESS}. */
  public Organization seedOrganization(String name) {
    return seedOrganization(name, null, null);
  }

  /**
   * Adds an organization; a null id is generated, a null egress address is {@link #DEFAULT_EGRESS_ADDRESS}.
   *
   * @throws IllegalStateException if the name is taken
   */
  public synchronized Organization seedOrganization(String name, String id, String egressAddress) {
    if (organization(name).isPresent()) {
      throw new IllegalStateException("organization exists: " + name);
    }
    String address = egressAddress == null ? DEFAULT_EGRESS_ADDRESS : egressAddress;
    if (!NetworkAclsRules.isIpv4Address(address)) {
      throw new IllegalArgumentException("not an IPv4 address: " + address);
    }
    Organization organization = new Organization(name, Guid.orRandom(id), address);
    organizations.put(key(name), organization);
    projects.put(key(name), new ConcurrentHashMap<>());
    tokens.put(key(name), ConcurrentHashMap.newKeySet());
    return organization;
  }

  public Optional<Organization> organization(String name) {
    return Optional.ofNullable(organizations.get(key(name)));
  }

  /** A project with a fresh id. */
  public Project seedProject(String organization, String name) {
    return seedProject(organization, name, null);
  }

  /**
   * Adds a project; a null id is generated.
   *
   * @throws ApiError (404) if there is no such organization
   * @throws IllegalStateException if the name or id is taken
   */
  public synchronized Project seedProject(String organization, String name, String id) {
    Organization org = existingOrganization(organization);
    Project project = new Project(Guid.orRandom(id), name, null);
    if (findProject(org.name(), project.id()).isPresent() || findProject(org.name(), name).isPresent()) {
      throw new IllegalStateException("project exists: " + name);
    }
    projects.get(key(org.name())).put(key(project.id()), project);
    return project;
  }

  /** The organization's projects, by name. */
  public List<Project> projects(String organization) {
    return projects.getOrDefault(key(organization), Map.of()).values().stream()
        .sorted(Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT))).toList();
  }

  /** A project by name or id, ignoring case, as the REST paths name them. */
  public Optional<Project> findProject(String organization, String nameOrId) {
    Map<String, Project> all = projects.getOrDefault(key(organization), Map.of());
    return Optional.ofNullable(all.get(key(nameOrId)))
        .or(() -> all.values().stream().filter(p -> p.name().equalsIgnoreCase(nameOrId)).findFirst());
  }

  /** Issues a personal access token for the organization (52 characters, as Azure DevOps makes them). */
  public String seedPersonalAccessToken(String organization) {
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < 52; i++) {
      token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
    }
    seedPersonalAccessToken(organization, token.toString());
    return token.toString();
  }

  /** Accepts this personal access token for the organization's requests. */
  public void seedPersonalAccessToken(String organization, String token) {
    tokens.get(key(existingOrganization(organization).name())).add(token);
  }

  public ServiceEndpoints serviceEndpoints() {
    return serviceEndpoints;
  }

  public VariableGroups variableGroups() {
    return variableGroups;
  }

  public PipelinePermissions pipelinePermissions() {
    return pipelinePermissions;
  }

  // ----- used by the REST handlers and the other stores -----

  /** @throws ApiError 404 in Azure DevOps's shape if there is no such organization */
  public Organization existingOrganization(String name) {
    return organization(name).orElseThrow(() -> new ApiError(404, "OrganizationNotFoundException",
        "The organization '" + name + "' does not exist."));
  }

  /** @throws ApiError 404 with Azure DevOps's TF200016 if the organization has no such project */
  Project project(String organization, String nameOrId) {
    Organization org = existingOrganization(organization);
    return findProject(org.name(), nameOrId).orElseThrow(() -> new ApiError(404,
        Guid.is(nameOrId) ? "ProjectDoesNotExistException" : "ProjectDoesNotExistWithNameException",
        "TF200016: The following project does not exist: " + nameOrId + ". Verify that the name of the project is"
            + " correct and that the project exists on the specified Azure DevOps Server."));
  }

  /**
   * Makes the organization refuse Entra tokens, as one does whose members do not include the operator's
   * identity: only its personal access tokens get in.
   */
  public void refuseEntraTokens(String organization) {
    entraRefused.add(key(existingOrganization(organization).name()));
  }

  boolean acceptsEntraTokens(String organization) {
    return !entraRefused.contains(key(organization));
  }

  boolean acceptsPersonalAccessToken(String organization, String token) {
    return tokens.getOrDefault(key(organization), Set.of()).contains(token);
  }

  static String key(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
