package io.vaultgate.simulator.devops;

import io.vaultgate.simulator.arm.keyvault.DataPlane;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.NetworkAclsRules;
import io.vaultgate.simulator.arm.keyvault.Vault;
import io.vaultgate.simulator.arm.msi.ManagedIdentities;
import io.vaultgate.simulator.arm.msi.UserAssignedIdentity;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.graph.FederatedIdentityCredential;
import io.vaultgate.simulator.http.ApiError;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The chain Azure DevOps walks to read a vault's secrets through a service connection, decided from simulator
 * state: the connection is ready and federated; Microsoft Entra exchanges Azure DevOps's token (the connection's
 * issuer and subject, audience {@code api://AzureADTokenExchange}) through a federated identity credential of the
 * connection's app registration or user-assigned identity; the vault (by name, in the connection's subscription)
 * lets the organization's egress address through its firewall; and the principal may get and list secrets.
 */
public final class PipelineAccess {
  private static final String AUDIENCE = FederatedIdentityCredential.TOKEN_EXCHANGE_AUDIENCE;

  /** The principal a token is issued for. */
  private record TokenPrincipal(String objectId, String appId) {
  }

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
  private final DataPlane dataPlane;

  public PipelineAccess(DevOps devOps, Directory directory, ManagedIdentities identities, KeyVaults vaults,
          DataPlane dataPlane) {
    this.devOps = devOps;
    this.directory = directory;
    this.identities = identities;
    this.vaults = vaults;
    this.dataPlane = dataPlane;
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
      return Optional.of(principal(endpoint).objectId());
    } catch (Denied denied) {
      return Optional.empty();
    }
  }

  /** Whether Azure DevOps can list the vault's secrets through the connection, and if not, why. */
  public PipelineVaultAccess canReadVault(Organization organization, SimServiceEndpoint endpoint, String vaultName) {
    try {
      TokenPrincipal principal = principal(endpoint);
      Vault vault = vault(endpoint, vaultName);
      checkFirewall(vault, organization.egressAddress());
      checkSecretPermissions(vault, principal);
      return PipelineVaultAccess.granted();
    } catch (Denied denied) {
      return denied.access;
    }
  }

  private TokenPrincipal principal(SimServiceEndpoint endpoint) {
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
    TokenPrincipal principal;
    List<FederatedIdentityCredential> credentials;
    Optional<Directory.ServicePrincipal> app = directory.applicationByAppId(appId)
        .flatMap(a -> directory.servicePrincipalByAppId(a.appId()));
    Optional<UserAssignedIdentity> identity = identities.findByClientId(appId);
    if (app.isPresent()) {
      principal = new TokenPrincipal(app.get().id(), appId);
      credentials = directory.federatedCredentials(appId);
    } else if (identity.isPresent()) {
      principal = new TokenPrincipal(identity.get().principalId(), appId);
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

  /** Key Vault's firewall, as it answers a caller on the public internet (Azure DevOps is no trusted service). */
  private static void checkFirewall(Vault vault, String address) {
    if (!vault.properties().publicNetworkAccessEnabled()) {
      throw new Denied(PipelineVaultAccess.FORBIDDEN, "Public network access is disabled and request is not from"
          + " a trusted service nor via an approved private link.");
    }
    if (!NetworkAclsRules.admits(vault.networkAcls(), address)) {
      throw new Denied(PipelineVaultAccess.FORBIDDEN, "Client address is not authorized and caller is not a"
          + " trusted service. Client address: " + address);
    }
  }

  /** Key Vault's 403 for a caller without get and list, worded per permission model. */
  private void checkSecretPermissions(Vault vault, TokenPrincipal principal) {
    if (dataPlane.canReadSecrets(vault.vaultId(), principal.objectId())) {
      return;
    }
    String caller = "appid=" + principal.appId() + ";oid=" + principal.objectId() + ";iss=https://sts.windows.net/"
        + vault.properties().tenantId() + "/";
    String where = vault.name() + ";location=" + vault.location();
    throw new Denied(PipelineVaultAccess.FORBIDDEN, vault.properties().enableRbacAuthorization()
        ? "Caller is not authorized to perform action on resource. If role assignments, deny assignments or role"
            + " definitions were changed recently, please observe propagation time. Caller: " + caller
            + " Action: '" + DataPlane.READ_SECRET_METADATA + "' Resource: '"
            + vault.resourceId().toLowerCase(Locale.ROOT) + "/secrets' Assignment: (not found) DecisionReason:"
            + " 'DeniedWithNoValidRBAC' Vault: " + where
        : "The user, group or application '" + caller + "' does not have secrets list permission on key vault '"
            + where + "'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287");
  }
}
