package io.vaultgate.simulator;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.arm.LongRunningOperations;
import io.vaultgate.simulator.arm.OperationApi;
import io.vaultgate.simulator.arm.ResourceGroups;
import io.vaultgate.simulator.arm.authorization.AuthorizationApi;
import io.vaultgate.simulator.arm.authorization.RoleAssignmentStore;
import io.vaultgate.simulator.arm.keyvault.DataPlane;
import io.vaultgate.simulator.arm.keyvault.KeyVaultApi;
import io.vaultgate.simulator.arm.keyvault.KeyVaultApiVersions;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.PrivateEndpointConnectionApi;
import io.vaultgate.simulator.arm.keyvault.SecretApi;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.msi.ManagedIdentities;
import io.vaultgate.simulator.arm.msi.ManagedIdentityApi;
import io.vaultgate.simulator.arm.network.ServiceTagApi;
import io.vaultgate.simulator.arm.network.ServiceTagRegistry;
import io.vaultgate.simulator.arm.network.VirtualNetworkApi;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsApi;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import io.vaultgate.simulator.arm.privatelink.PrivateEndpointApi;
import io.vaultgate.simulator.arm.privatelink.PrivateEndpoints;
import io.vaultgate.simulator.dataplane.SecretReadControl;
import io.vaultgate.simulator.dataplane.SecretReadDecision;
import io.vaultgate.simulator.dataplane.SecretReadOrigin;
import io.vaultgate.simulator.dataplane.SecretReadOutcome;
import io.vaultgate.simulator.devops.DevOps;
import io.vaultgate.simulator.devops.DevOpsService;
import io.vaultgate.simulator.devops.PipelineAccess;
import io.vaultgate.simulator.devops.PipelinePermissionApi;
import io.vaultgate.simulator.devops.PipelineVaultAccess;
import io.vaultgate.simulator.devops.ProjectApi;
import io.vaultgate.simulator.devops.ServiceEndpointApi;
import io.vaultgate.simulator.devops.VariableGroupApi;
import io.vaultgate.simulator.graph.ApplicationCredentialApi;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.graph.DirectoryApi;
import io.vaultgate.simulator.graph.GraphService;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.BearerToken;
import io.vaultgate.simulator.http.Guid;
import io.vaultgate.simulator.http.RouteTable;
import io.vaultgate.simulator.http.SimulatedService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import reactor.core.publisher.Mono;

/**
 * A local, faithful simulation of the Azure REST services vaultgate calls (Azure Resource Manager, Microsoft
 * Graph, Azure DevOps), over HTTPS on 127.0.0.1. Each simulated service has its own port; all share one CA, one
 * bearer token, one request log and one set of injected faults. Network and Private DNS writes are long-running
 * ({@link #operations()}). Start with {@link #start()}, stop with
 * {@link #close()}.
 */
public final class AzureSimulator implements AutoCloseable {
  /** Used when a resource group is seeded without a location. */
  public static final String DEFAULT_LOCATION = ResourceGroups.DEFAULT_LOCATION;

  private final TlsMaterial tls;
  private final BearerToken token;
  private final RequestLog requests = new RequestLog();
  private final SimClock clock = new SimClock();
  private final Faults faults = new Faults();
  private final ResourceGroups resourceGroups = new ResourceGroups();
  private final VirtualNetworks virtualNetworks = new VirtualNetworks(resourceGroups);
  private final KeyVaults keyVaults = new KeyVaults(resourceGroups, virtualNetworks);
  private final PrivateDnsZones privateDnsZones = new PrivateDnsZones(resourceGroups, virtualNetworks);
  private final PrivateEndpoints privateEndpoints =
      new PrivateEndpoints(virtualNetworks, keyVaults, privateDnsZones);
  private final LongRunningOperations operations = new LongRunningOperations();
  private final ServiceTagRegistry serviceTags = new ServiceTagRegistry();
  private final Directory directory;
  private final ManagedIdentities managedIdentities;
  private final RoleAssignmentStore roleAssignments;
  private final DataPlane dataPlane;
  private final SecretReadDecision secretReads;
  private final DevOps devOps = new DevOps();
  private final PipelineAccess pipelineAccess;
  private final List<ServiceHost> hosts = new ArrayList<>();
  private final ServiceHost arm;
  private final ServiceHost graph;
  private final ServiceHost devOpsHost;

  private AzureSimulator(String tenantId) throws IOException {
    tls = TlsMaterial.generate();
    token = BearerToken.random();
    directory = new Directory(tenantId);
    managedIdentities = new ManagedIdentities(resourceGroups, directory);
    roleAssignments = new RoleAssignmentStore(directory);
    dataPlane = new DataPlane(keyVaults, roleAssignments);
    secretReads = new SecretReadDecision(keyVaults, virtualNetworks, privateEndpoints, privateDnsZones, dataPlane,
        directory);
    ArmService armService = new ArmService(token, resourceGroups);
    KeyVaultApiVersions keyVaultVersions = new KeyVaultApiVersions(clock);
    KeyVaultApi.register(armService, keyVaults, keyVaultVersions);
    PrivateEndpointConnectionApi.register(armService, keyVaults, keyVaultVersions);
    SecretApi.register(armService, keyVaults, keyVaultVersions);
    VirtualNetworkApi.register(armService, virtualNetworks, privateEndpoints, operations);
    ServiceTagApi.register(armService, serviceTags);
    PrivateEndpointApi.register(armService, privateEndpoints, privateDnsZones, operations);
    PrivateDnsApi.register(armService, privateDnsZones, operations);
    OperationApi.register(armService, operations, VirtualNetworks.API_VERSIONS, PrivateDnsZones.API_VERSIONS);
    ManagedIdentityApi.register(armService, managedIdentities);
    AuthorizationApi.register(armService, roleAssignments);
    GraphService graphService = new GraphService(token);
    DirectoryApi.register(graphService, directory);
    ApplicationCredentialApi.register(graphService, directory);
    pipelineAccess = new PipelineAccess(devOps, directory, managedIdentities, keyVaults, secretReads);
    DevOpsService devOpsService = new DevOpsService(token, devOps);
    ProjectApi.register(devOpsService, devOps);
    ServiceEndpointApi.register(devOpsService, devOps, pipelineAccess);
    VariableGroupApi.register(devOpsService, devOps);
    PipelinePermissionApi.register(devOpsService, devOps);
    arm = host(armService, Map.of(SecretReadControl.PATH,
        new SecretReadControl(secretReads, keyVaults, virtualNetworks)));
    graph = host(graphService, Map.of());
    devOpsHost = host(devOpsService, Map.of());
  }

  /** Starts every simulated service on free ports of 127.0.0.1, for a directory with a fresh tenant id. */
  public static AzureSimulator start() {
    return start(Guid.random());
  }

  /** Starts every simulated service on free ports of 127.0.0.1, for the directory of this tenant. */
  public static AzureSimulator start(String tenantId) {
    try {
      return new AzureSimulator(tenantId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Azure simulator", e);
    }
  }

  /** Serves one more service, with its own control paths; if that fails, stops those already started. */
  private ServiceHost host(SimulatedService service, Map<String, RouteTable.Handler> controls) throws IOException {
    try {
      ServiceHost host = new ServiceHost(service, tls, requests, faults, token, controls);
      hosts.add(host);
      return host;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Base URL of Azure Resource Manager, e.g. {@code https://127.0.0.1:PORT/}; paths start at /subscriptions. */
  public String armBaseUrl() {
    return arm.baseUrl();
  }

  /** Base URL of Microsoft Graph, e.g. {@code https://127.0.0.1:PORT/}; paths start at /v1.0. */
  public String graphBaseUrl() {
    return graph.baseUrl();
  }

  /**
   * Base URL of Azure DevOps REST, e.g. {@code https://127.0.0.1:PORT/} (for {@code https://dev.azure.com/});
   * paths start with the organization. Requests carry {@link #bearerToken()} or a personal access token seeded
   * with {@link DevOps#seedPersonalAccessToken}.
   */
  public String devOpsBaseUrl() {
    return devOpsHost.baseUrl();
  }

  /** The tenant of the simulated directory (managed identities live in it; PrincipalNotFound names it). */
  public String tenantId() {
    return directory.tenantId();
  }

  /** The token every request must carry as {@code Authorization: Bearer <token>}. */
  public String bearerToken() {
    return token.value();
  }

  public String caCertificatePem() {
    return tls.caCertificatePem();
  }

  public void writeCaCertificate(Path file) {
    try {
      Files.writeString(file, caCertificatePem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client SSLContext that trusts the simulator's CA and nothing else. */
  public SSLContext sslContext() {
    return tls.clientContext();
  }

  public RequestLog requests() {
    return requests;
  }

  /**
   * The day as the services' calendar rules see it: Key Vault serves an api-version only until its retirement
   * ({@link KeyVaultApiVersions}). The system clock unless a test sets it.
   */
  public SimClock clock() {
    return clock;
  }

  public Faults faults() {
    return faults;
  }

  public KeyVaults keyVaults() {
    return keyVaults;
  }

  /** Microsoft.Network virtual networks and subnets (the customer's network). */
  public VirtualNetworks virtualNetworks() {
    return virtualNetworks;
  }

  /** Microsoft.Network private endpoints of vaults, and their private DNS zone groups. */
  public PrivateEndpoints privateEndpoints() {
    return privateEndpoints;
  }

  /** Private DNS zones, their virtual network links and A record sets. */
  public PrivateDnsZones privateDnsZones() {
    return privateDnsZones;
  }

  /** The long-running operations of Network and Private DNS writes: their delay, injected failures, status. */
  /** The service tags Network's discovery API publishes (a small sample of the public cloud's list). */
  public ServiceTagRegistry serviceTags() {
    return serviceTags;
  }

  public LongRunningOperations operations() {
    return operations;
  }

  /** Entra ID: app registrations and service principals. */
  public Directory directory() {
    return directory;
  }

  public ManagedIdentities managedIdentities() {
    return managedIdentities;
  }

  public RoleAssignmentStore roleAssignments() {
    return roleAssignments;
  }

  /** Azure DevOps: organizations, projects, tokens, service connections, variable groups, pipeline permissions. */
  public DevOps devOps() {
    return devOps;
  }

  /**
   * Whether the principal (an object id) can get and list the vault's secrets, as Key Vault's data plane would
   * decide: by access policies ({@code get} and {@code list}, or {@code all}, for the principal in the vault's
   * tenant) on an access-policy vault; by role assignments at the vault or above it whose roles grant
   * {@code secrets/getSecret/action} and {@code secrets/readMetadata/action} on an RBAC vault.
   *
   * @throws java.util.NoSuchElementException if there is no such vault
   */
  public boolean canReadSecrets(SimVaultId vaultId, String principalObjectId) {
    return dataPlane.canReadSecrets(vaultId, principalObjectId);
  }

  /**
   * Whether a pipeline of the project, using the service connection, would get a Microsoft Entra token: the
   * connection is shared with the project, ready and federated, and a federated identity credential of its app
   * registration or user-assigned identity matches its issuer and subject for {@code api://AzureADTokenExchange}.
   *
   * @param project a name or id
   * @return the object id of the principal the token is for
   */
  public Optional<String> pipelineToken(String organization, String project, String endpointId) {
    try {
      return pipelineAccess.token(pipelineAccess.endpoint(organization, project, endpointId));
    } catch (ApiError e) {
      return Optional.empty();
    }
  }

  /**
   * Whether Azure DevOps can list the vault's secrets through the service connection, as a variable group linked
   * to the vault needs: a token as for {@link #pipelineToken}, the vault (by name in the connection's
   * subscription) admits the organization's egress address, and the principal may get and list secrets. The
   * same chain answers the endpoint proxy's {@code AzureKeyVaultSecrets} data source.
   */
  public PipelineVaultAccess pipelineCanReadVault(String organization, String project, String endpointId,
                          String vaultName) {
    try {
      return pipelineAccess.canReadVault(devOps.existingOrganization(organization),
          pipelineAccess.endpoint(organization, project, endpointId), vaultName);
    } catch (ApiError e) {
      return PipelineVaultAccess.of(e);
    }
  }

  /**
   * Whether an agent in the subnet reaches the vault over a private endpoint: a provisioned
   * {@code privatelink.vaultcore.azure.net} zone linked to the subnet's virtual network resolves the vault's name,
   * and every address it resolves to is that of a provisioned endpoint of the vault in that network (peering is
   * not modelled) whose connection the vault has Approved. See {@link SecretReadDecision}.
   *
   * @throws java.util.NoSuchElementException if there is no such subnet or vault
   */
  public boolean agentReachesVaultPrivately(String subnetId, SimVaultId vault) {
    return secretReads.reachesPrivately(subnetId, vault);
  }

  /**
   * Whether the vault's firewall lets an agent in the subnet through the public endpoint, whatever its name
   * resolves to: public network access enabled, and default action Allow or a virtual network rule for the subnet
   * (compared ignoring case) whose {@code Microsoft.KeyVault} service endpoint is provisioned.
   *
   * @throws java.util.NoSuchElementException if there is no such subnet or vault
   */
  public boolean subnetAllowedByFirewall(String subnetId, SimVaultId vault) {
    return secretReads.publicEndpointAdmitsSubnet(subnetId, vault);
  }

  /**
   * Whether a request from the origin may list and get the vault's secrets, as Key Vault's data plane would answer
   * it: name resolution in the caller's network, private endpoint or public endpoint and firewall, then (when a
   * principal's object id is given) access policies or RBAC; denials carry Key Vault's inner error code and
   * message. The same decision answers {@code POST <arm base>/_simulator/keyvault/secretRead}. See
   * {@link SecretReadDecision} for every step.
   *
   * @throws java.util.NoSuchElementException if there is no such vault or subnet
   */
  public SecretReadOutcome secretRead(SimVaultId vault, Optional<String> principalObjectId, SecretReadOrigin origin) {
    return secretReads.decide(vault, principalObjectId, origin);
  }

  /** Adds a subscription and resource group (idempotent) in {@link #DEFAULT_LOCATION}. */
  public void seedResourceGroup(String subscriptionId, String resourceGroup) {
    seedResourceGroup(subscriptionId, resourceGroup, DEFAULT_LOCATION);
  }

  public void seedResourceGroup(String subscriptionId, String resourceGroup, String location) {
    resourceGroups.seed(subscriptionId, resourceGroup, location);
  }

  // ----- configuring the Azure SDK for Java against the simulator -----

  /** The public Azure cloud's endpoints with Resource Manager and Microsoft Graph pointing at the simulator. */
  public AzureEnvironment azureEnvironment() {
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", armBaseUrl());
    // The key AzureEnvironment.getMicrosoftGraphEndpoint() reads; AuthorizationManager appends "v1.0".
    endpoints.put("microsoftGraphResourceId", graphBaseUrl());
    return new AzureEnvironment(endpoints);
  }

  /** A credential that hands out {@link #bearerToken()}. */
  public TokenCredential tokenCredential() {
    return request -> Mono.just(new AccessToken(bearerToken(), OffsetDateTime.now().plusHours(1)));
  }

  /** An azure-core HTTP client (JDK HttpClient) that trusts the simulator's CA. */
  public HttpClient sdkHttpClient() {
    return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(sslContext())).build();
  }

  /** Stops every service and its threads. */
  @Override
  public void close() {
    hosts.forEach(ServiceHost::close);
    hosts.clear();
    operations.close();
  }
}
