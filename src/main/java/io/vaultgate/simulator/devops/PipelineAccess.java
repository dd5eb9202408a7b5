package io.vaultgate.simulator.devops;

import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.Vault;
import io.vaultgate.simulator.arm.msi.ManagedIdentities;
import io.vaultgate.simulator.arm.msi.UserAssignedIdentity;
import io.vaultgate.simulator.dataplane.SecretReadDecision;
import io.vaultgate.simulator.dataplane.SecretReadOrigin;
import io.vaultgate.simulator.dataplane.SecretReadOutcome;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.graph.FederatedIdentityCredential;
import io.vaultgate.simulator.http.ApiError;
import java.util.List;
import java.util.Optional;

/**
 * The chain Azure DevOps walks to read a vault's secrets through a service connection, decided from simulator
 * state: the connection is ready and federated; Microsoft Entra exchanges Azure DevOps's token (the connection's
 * issuer and subject, audience {@code api://AzureADTokenExchange}) through a federated identity credential of the
 * connection's app registration or user-assigned identity; and the vault (by name, in the connection's
 * subscription) lets a list-and-get request from the organization's egress address through (Azure DevOps calls
 * from the internet and is no trusted service) and authorizes the principal, as {@link SecretReadDecision} decides.
 */
public final class PipelineAccess {
  private static final String AUDIENCE = FederatedIdentityCredential.TOKEN_EXCHANGE_AUDIENCE;

  /** A broken link of the chain, carrying what the endpoint proxy reports. */
  private static final class Denied extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient PipelineVaultAccess access;

    Denied(String statusCode, String reason) {
      super(reason, null, false, false);
      this.access = PipelineVaultAccess.denied(statusCode, reason);
    }
  }

  private final DevOps devOps;
  private final Directory directory;
  private final ManagedIdentities identities;
  private final KeyVaults vaults;
  private final SecretReadDecision secretReads;

  public PipelineAccess(DevOps devOps, Directory directory, ManagedIdentities identities, KeyVaults vaults,
          SecretReadDecision secretReads) {
    this.devOps = devOps;
    this.directory = directory;
    this.identities = identities;
    this.vaults = vaults;
    this.secretReads = secretReads;
  }

  /**
   * The connection as a pipeline of the project sees it.
   *
   * @throws ApiError 404 if there is no such organization or project, or the connection is not shared with it
   */
  public SimServiceEndpoint endpoint(String organization, String project, String endpointId) {
    Project p = devOps.project(organization, project);
    return devOps.serviceEndpoints().find(organization, endpointId).filter(e -> e.isSharedWith(p.id()))
        .orElseThrow(() -> ServiceEndpoints.notFound(endpointId));
  }

  /** The object id of the principal a pipeline gets a token for through the connection, if it gets one. */
  public Optional<String> token(SimServiceEndpoint endpoint) {
    try {
      return Optional.of(principal(endpoint));
    } catch (Denied denied) {
      return Optional.empty();
    }
  }

  /** Whether Azure DevOps can list the vault's secrets through the connection, and if not, why. */
  public PipelineVaultAccess canReadVault(Organization organization, SimServiceEndpoint endpoint, String vaultName) {
    try {
      String principal = principal(endpoint);
      Vault vault = vault(endpoint, vaultName);
      SecretReadOutcome read = secretReads.decide(vault.vaultId(), Optional.of(principal),
          new SecretReadOrigin.PublicAddress(organization.egressAddress()));
      return read instanceof SecretReadOutcome.Denied denied
          ? PipelineVaultAccess.denied(PipelineVaultAccess.FORBIDDEN, denied.message())
          : PipelineVaultAccess.granted();
    } catch (Denied denied) {
      return denied.access;
    }
  }

  /** The object id of the principal Microsoft Entra issues the connection's token for. */
  private String principal(SimServiceEndpoint endpoint) {
    if (!endpoint.isReady()) {
      throw new Denied(PipelineVaultAccess.BAD_REQUEST, "Service connection '" + endpoint.name()
          + "' is not ready: its operation is still in progress.");
    }
    if (!endpoint.isAzureRm() || !endpoint.usesWorkloadIdentityFederation()) {
      throw new Denied(PipelineVaultAccess.BAD_REQUEST, "Service connection '" + endpoint.name() + "' of type '"
          + endpoint.type() + "' uses scheme '" + endpoint.scheme() + "', not Azure Resource Manager with "
          + SimServiceEndpoint.WORKLOAD_IDENTITY_FEDERATION + ".");
    }
    String tenantId = endpoint.parameter("tenantid").orElse("");
    String appId = endpoint.parameter("serviceprincipalid").orElse("");
    if (!tenantId.equalsIgnoreCase(directory.tenantId())) {
      throw new Denied(PipelineVaultAccess.UNAUTHORIZED, "AADSTS90002: Tenant '" + tenantId + "' not found."
          + " Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
    }
    String issuer = endpoint.parameter(SimServiceEndpoint.ISSUER_PARAMETER).orElse("");
    String subject = endpoint.parameter(SimServiceEndpoint.SUBJECT_PARAMETER).orElse("");
    String principal;
    List<FederatedIdentityCredential> credentials;
    Optional<Directory.ServicePrincipal> app = directory.applicationByAppId(appId)
        .flatMap(a -> directory.servicePrincipalByAppId(a.appId()));
    Optional<UserAssignedIdentity> identity = identities.findByClientId(appId);
    if (app.isPresent()) {
      principal = app.get().id();
      credentials = directory.federatedCredentials(appId);
    } else if (identity.isPresent()) {
      principal = identity.get().principalId();
      credentials = identities.federatedCredentials(identity.get().identityId());
    } else {
      throw new Denied(PipelineVaultAccess.UNAUTHORIZED, "AADSTS700016: Application with identifier '" + appId
          + "' was not found in the directory '" + tenantId + "'. This can happen if the application has not been"
          + " installed by the administrator of the tenant or consented to by any user in the tenant.");
    }
    if (credentials.isEmpty()) {
      throw new Denied(PipelineVaultAccess.UNAUTHORIZED, "AADSTS70025: The client '" + appId
          + "' has no configured federated identity credentials.");
    }
    if (credentials.stream().noneMatch(c -> c.accepts(issuer, subject, AUDIENCE))) {
      throw new Denied(PipelineVaultAccess.UNAUTHORIZED, "AADSTS70021: No matching federated identity record found"
          + " for presented assertion. Assertion Issuer: '" + issuer + "'. Assertion Subject: '" + subject
          + "'. Assertion Audience: '" + AUDIENCE + "'.");
    }
    return principal;
  }

  /** Vault names are global; Azure DevOps looks for the vault in the connection's subscription. */
  private Vault vault(SimServiceEndpoint endpoint, String vaultName) {
    String subscriptionId = endpoint.dataValue("subscriptionId").orElse("");
    return vaults.all().stream()
        .filter(v -> v.name().equalsIgnoreCase(vaultName)
            && v.vaultId().subscriptionId().equalsIgnoreCase(subscriptionId))
        .findFirst()
        .orElseThrow(() -> new Denied(PipelineVaultAccess.NOT_FOUND, "The key vault '" + vaultName
            + "' was not found in subscription '" + subscriptionId + "'."));
  }
}
