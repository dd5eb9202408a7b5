package io.vaultgate.simulator.dataplane;

import static io.vaultgate.simulator.NetworkFixtures.DNS_API;
import static io.vaultgate.simulator.NetworkFixtures.NETWORK_API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.NetworkFixtures;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.authorization.BuiltInRoles;
import io.vaultgate.simulator.arm.keyvault.AccessPolicy;
import io.vaultgate.simulator.arm.keyvault.AccessPolicyOperation;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.keyvault.SimVirtualNetworkRule;
import io.vaultgate.simulator.arm.keyvault.VaultProperties;
import io.vaultgate.simulator.arm.msi.IdentityId;
import io.vaultgate.simulator.arm.msi.UserAssignedIdentity;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.http.Guid;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link AzureSimulator#secretRead}: every branch of the data plane's decision (name resolution, private endpoint,
 * public endpoint and firewall, authorization), with Key Vault's inner error codes and messages.
 */
class SecretReadDecisionTest {
  private static final String SUBSCRIPTION = "/subscriptions/" + TestIds.SUBSCRIPTION;
  private static final String GROUP = SUBSCRIPTION + "/resourceGroups/" + TestIds.RESOURCE_GROUP;
  private static final String PUBLIC_ACCESS_DISABLED = "Public network access is disabled and request is not from a"
      + " trusted service nor via an approved private link.";
  private static final String NOT_AUTHORIZED = "Client address is not authorized and caller is not a trusted"
      + " service. Client address: ";

  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static int count;

  @BeforeEach
  void noOperationDelay() {
    sim().operations().setDelay(Duration.ZERO);
  }

  private static AzureSimulator sim() {
    return arm.sim();
  }

  private static SimVaultId vault(boolean rbac, String publicNetworkAccess, NetworkAcls acls) {
    SimVaultId id = TestIds.freshVault();
    sim().keyVaults().create(id, "westeurope", TestIds.TENANT, rbac, publicNetworkAccess, acls);
    return id;
  }

  private static SecretReadOutcome fromAddress(SimVaultId vault, String address) {
    return sim().secretRead(vault, Optional.empty(), new SecretReadOrigin.PublicAddress(address));
  }

  private static SecretReadOutcome fromSubnet(SimVaultId vault, String subnetId, String egressAddress) {
    return sim().secretRead(vault, Optional.empty(),
        new SecretReadOrigin.FromSubnet(subnetId, Optional.ofNullable(egressAddress)));
  }

  private static SecretReadOutcome.Denied denied(SecretReadDenial denial, String message) {
    return new SecretReadOutcome.Denied(denial, message);
  }

  // ----- the public endpoint, from an address on the internet -----

  @ParameterizedTest(name = "{0} {1} {2} [{3}] from {4}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // public access | bypass | default | IP rules | address | inner code
      "Enabled  | AzureServices | Allow | -                              | 198.51.100.1  | -",
      "Enabled  | None          | Allow | -                              | 198.51.100.1  | -",
      "Enabled  | AzureServices | Deny  | 203.0.113.7/32                 | 203.0.113.7   | -",
      "Enabled  | AzureServices | Deny  | 203.0.113.0/24                 | 203.0.113.200 | -",
      "Enabled  | AzureServices | Deny  | 203.0.113.7                    | 203.0.113.7   | -",
      "Enabled  | AzureServices | Deny  | 198.51.100.0/24 203.0.113.0/28 | 203.0.113.15  | -",
      "Enabled  | AzureServices | Deny  | 203.0.113.7                    | 203.0.113.8   | ForbiddenByFirewall",
      "Enabled  | AzureServices | Deny  | 203.0.113.0/28                 | 203.0.113.16  | ForbiddenByFirewall",
      "Enabled  | AzureServices | Deny  | -                              | 198.51.100.1  | ForbiddenByFirewall",
      "Enabled  | None          | Deny  | 203.0.113.0/24                 | 198.51.100.1  | ForbiddenByFirewall",
      "disabled | AzureServices | Allow | 198.51.100.1                   | 198.51.100.1  | ForbiddenByConnection",
      "Disabled | None          | Deny  | 198.51.100.1                   | 198.51.100.1  | ForbiddenByConnection"})
  void thePublicEndpointDecidesInKeyVaultsOrder(String publicAccess, String bypass, String defaultAction,
                                                String ipRules, String address, String innerCode) {
    NetworkAcls acls = new NetworkAcls(bypass, defaultAction,
        ipRules == null ? List.of() : Arrays.asList(ipRules.split(" ")), List.of());
    SimVaultId vault = vault(false, publicAccess, acls);

    SecretReadOutcome outcome = fromAddress(vault, address);

    assertThat(outcome.allowed()).isEqualTo(innerCode == null);
    if (innerCode != null) {
      assertThat(((SecretReadOutcome.Denied) outcome).denial().code()).isEqualTo(innerCode);
    }
  }

  @Test
  void aVaultWithoutNetworkAclsAdmitsEveryone() {
    assertThat(fromAddress(vault(false, "Enabled", null), "198.51.100.1").allowed()).isTrue();
  }

  @Test
  void firewallDenialsNameTheClientAddressWordedByBypass() {
    SimVaultId vault = vault(false, "Enabled", NetworkAcls.deny("203.0.113.0/24"));
    assertThat(fromAddress(vault, "198.51.100.1")).isEqualTo(denied(SecretReadDenial.FORBIDDEN_BY_FIREWALL,
        NOT_AUTHORIZED + "198.51.100.1"));

    sim().keyVaults().setNetworkAcls(vault, NetworkAcls.deny("203.0.113.0/24").withBypass(NetworkAcls.NONE));

    assertThat(fromAddress(vault, "198.51.100.1")).isEqualTo(denied(SecretReadDenial.FORBIDDEN_BY_FIREWALL,
        "Request was not allowed by NSP rules and the client address is not authorized and caller was ignored"
            + " because bypass is set to None Client address: 198.51.100.1"));
  }

  @Test
  void disabledPublicAccessIsWordedByBypassAndIgnoresTheRules() {
    SimVaultId vault = vault(false, VaultProperties.DISABLED, NetworkAcls.allowAll());
    assertThat(fromAddress(vault, "198.51.100.1")).isEqualTo(denied(SecretReadDenial.FORBIDDEN_BY_CONNECTION,
        PUBLIC_ACCESS_DISABLED));

    sim().keyVaults().setNetworkAcls(vault, NetworkAcls.deny("198.51.100.1").withBypass(NetworkAcls.NONE));

    assertThat(fromAddress(vault, "198.51.100.1")).isEqualTo(denied(SecretReadDenial.FORBIDDEN_BY_CONNECTION,
        "Connection is not an approved private link and caller was ignored because bypass is not set to"
            + " 'AzureServices' and PublicNetworkAccess is set to 'Disabled'."));
  }

  @Test
  void anOriginIsOneIpv4Address() {
    assertThatThrownBy(() -> new SecretReadOrigin.PublicAddress("203.0.113.0/24"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretReadOrigin.FromSubnet(TestIds.subnet("agents"), Optional.of("2001:db8::1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ----- the public endpoint, from a subnet -----

  /** A network whose vault has public access enabled and a closed firewall with these IP rules. */
  private static NetworkFixtures network(String... ipRules) {
    NetworkFixtures net = NetworkFixtures.create(sim());
    sim().keyVaults().setPublicNetworkAccess(net.vault(), VaultProperties.ENABLED);
    sim().keyVaults().setNetworkAcls(net.vault(), NetworkAcls.deny(ipRules));
    return net;
  }

  @Test
  void aVirtualNetworkRuleAdmitsItsSubnetOverTheServiceEndpointIgnoringCase() {
    NetworkFixtures net = NetworkFixtures.create(sim());
    sim().keyVaults().setPublicNetworkAccess(net.vault(), VaultProperties.ENABLED);
    sim().keyVaults().setNetworkAcls(net.vault(), NetworkAcls.deny().withVirtualNetworkRules(List.of(
        new SimVirtualNetworkRule(net.agentsSubnetId().toUpperCase(Locale.ROOT), false))));

    assertThat(fromSubnet(net.vault(), net.agentsSubnetId(), null).allowed()).isTrue();
    assertThat(fromSubnet(net.vault(), net.agentsSubnetId().toLowerCase(Locale.ROOT), "198.51.100.1").allowed())
        .isTrue();
  }

  @Test
  void overTheServiceEndpointTheVaultSeesTheSubnetNotTheEgressAddress() {
    NetworkFixtures net = network("198.51.100.1");

    assertThat(fromSubnet(net.vault(), net.agentsSubnetId(), "198.51.100.1")).isEqualTo(denied(
        SecretReadDenial.FORBIDDEN_BY_FIREWALL, NOT_AUTHORIZED + net.addressBase() + ".1.0/24"));
  }

  @Test
  void withoutAServiceEndpointTheVaultSeesTheEgressAddressAndNoVirtualNetworkRule() {
    // The rule exists (written with ignoreMissingVnetServiceEndpoint), yet traffic does not come over an endpoint.
    NetworkFixtures net = network();
    sim().keyVaults().setNetworkAcls(net.vault(), NetworkAcls.deny("198.51.100.0/24").withVirtualNetworkRules(
        List.of(new SimVirtualNetworkRule(net.endpointsSubnetId(), true))));

    assertThat(fromSubnet(net.vault(), net.endpointsSubnetId(), "198.51.100.9").allowed()).isTrue();
    assertThat(fromSubnet(net.vault(), net.endpointsSubnetId(), "203.0.113.9")).isEqualTo(denied(
        SecretReadDenial.FORBIDDEN_BY_FIREWALL, NOT_AUTHORIZED + "203.0.113.9"));
    assertThat(fromSubnet(net.vault(), net.endpointsSubnetId(), null)).isEqualTo(denied(
        SecretReadDenial.FORBIDDEN_BY_FIREWALL, NOT_AUTHORIZED
            + "(unknown: no public egress address was given for the agent's subnet)"));
  }

  @Test
  void aRemovedServiceEndpointSendsTheAgentBackToItsEgressAddress() {
    NetworkFixtures net = network();
    sim().keyVaults().setNetworkAcls(net.vault(), NetworkAcls.deny().withVirtualNetworkRules(List.of(
        new SimVirtualNetworkRule(net.agentsSubnetId(), false))));
    assertThat(fromSubnet(net.vault(), net.agentsSubnetId(), "198.51.100.1").allowed()).isTrue();

    sim().virtualNetworks().setServiceEndpoints(net.agentsSubnetId());

    assertThat(fromSubnet(net.vault(), net.agentsSubnetId(), "198.51.100.1")).isEqualTo(denied(
        SecretReadDenial.FORBIDDEN_BY_FIREWALL, NOT_AUTHORIZED + "198.51.100.1"));
  }

  @Test
  void anOpenFirewallAdmitsASubnetWithoutAnyAddress() {
    NetworkFixtures net = NetworkFixtures.create(sim());
    sim().keyVaults().setPublicNetworkAccess(net.vault(), VaultProperties.ENABLED);
    sim().keyVaults().setDefaultAction(net.vault(), NetworkAcls.ALLOW);

    assertThat(fromSubnet(net.vault(), net.endpointsSubnetId(), null).allowed()).isTrue();
  }

  @Test
  void disabledPublicAccessStopsASubnetWithARuleToo() {
    NetworkFixtures net = NetworkFixtures.create(sim());
    sim().keyVaults().setNetworkAcls(net.vault(), NetworkAcls.deny().withVirtualNetworkRules(List.of(
        new SimVirtualNetworkRule(net.agentsSubnetId(), false))));

    assertThat(fromSubnet(net.vault(), net.agentsSubnetId(), null)).isEqualTo(denied(
        SecretReadDenial.FORBIDDEN_BY_CONNECTION, PUBLIC_ACCESS_DISABLED));
  }

  // ----- name resolution and the private endpoint -----

  /** An endpoint of the fixture's vault in its endpoints subnet, a zone linked to the network, the zone group. */
  private record Private(NetworkFixtures net, String endpointId, String zoneId) {
    String connectionName() {
      return sim().privateEndpoints().get(endpointId).vaultConnectionName();
    }

    String address() {
      return sim().privateEndpoints().get(endpointId).privateIpAddress();
    }
  }

  private static Private privateAccess(boolean manual) {
    NetworkFixtures net = NetworkFixtures.create(sim());
    String endpoint = NetworkFixtures.endpointId("pe-read-" + ++count);
    String group = "rg-read-" + count;
    sim().seedResourceGroup(TestIds.SUBSCRIPTION, group);
    String zone = NetworkFixtures.zoneId(group, PrivateDnsZones.KEY_VAULT_ZONE);
    arm.awaitOperation(arm.put(endpoint + NETWORK_API, net.endpointBody(manual)));
    arm.awaitOperation(arm.put(zone + DNS_API, "{\"location\":\"global\"}"));
    sim().privateDnsZones().link(zone, "agents", net.virtualNetworkId());
    arm.awaitOperation(arm.put(endpoint + "/privateDnsZoneGroups/default" + NETWORK_API,
        NetworkFixtures.zoneGroupBody(zone)));
    return new Private(net, endpoint, zone);
  }

  private static String host(SimVaultId vault) {
    return vault.name() + ".vault.azure.net";
  }

  @Test
  void anApprovedEndpointCarriesTheRequestPastDisabledPublicAccessAndTheFirewall() {
    Private p = privateAccess(false);

    assertThat(fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null).allowed()).isTrue();
    assertThat(fromSubnet(p.net().vault(), p.net().endpointsSubnetId(), "198.51.100.1").allowed()).isTrue();
    assertThat(fromAddress(p.net().vault(), "198.51.100.1")).as("from the internet")
        .isEqualTo(denied(SecretReadDenial.FORBIDDEN_BY_CONNECTION, PUBLIC_ACCESS_DISABLED));
  }

  @Test
  void aPendingConnectionIsNotAnApprovedPrivateLinkUntilTheOwnerApproves() {
    Private p = privateAccess(true);

    assertThat(fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null)).isEqualTo(denied(
        SecretReadDenial.FORBIDDEN_BY_CONNECTION, "Connection is not an approved private link: "
            + host(p.net().vault()) + " resolves to " + p.address() + ", the address of private endpoint '"
            + p.endpointId() + "', whose connection is Pending."));

    sim().keyVaults().approvePrivateEndpointConnection(p.net().vault(), p.connectionName());

    assertThat(fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null).allowed()).isTrue();
  }

  @Test
  void aRejectedConnectionIsNotAnApprovedPrivateLink() {
    Private p = privateAccess(false);
    sim().keyVaults().rejectPrivateEndpointConnection(p.net().vault(), p.connectionName());
    // Even with the public endpoint open: the name resolves privately, so the request never takes it.
    sim().keyVaults().setPublicNetworkAccess(p.net().vault(), VaultProperties.ENABLED);
    sim().keyVaults().setDefaultAction(p.net().vault(), NetworkAcls.ALLOW);

    SecretReadOutcome outcome = fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null);

    assertThat(outcome).isInstanceOf(SecretReadOutcome.Denied.class);
    assertThat(((SecretReadOutcome.Denied) outcome).denial()).isEqualTo(SecretReadDenial.FORBIDDEN_BY_CONNECTION);
    assertThat(((SecretReadOutcome.Denied) outcome).message()).endsWith("whose connection is Rejected.");
  }

  @Test
  void withoutALinkedZoneTheNameResolvesPubliclyAndTheFirewallDecides() {
    Private p = privateAccess(false);
    sim().privateDnsZones().deleteLink(p.zoneId(), "agents");
    assertThat(fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null)).isEqualTo(denied(
        SecretReadDenial.FORBIDDEN_BY_CONNECTION, PUBLIC_ACCESS_DISABLED));

    sim().keyVaults().setPublicNetworkAccess(p.net().vault(), VaultProperties.ENABLED);
    sim().keyVaults().setNetworkAcls(p.net().vault(), NetworkAcls.deny().withVirtualNetworkRules(List.of(
        new SimVirtualNetworkRule(p.net().agentsSubnetId(), false))));

    assertThat(fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null).allowed()).isTrue();
  }

  @Test
  void aLinkedZoneWithoutTheVaultsRecordAnswersNxdomain() {
    Private p = privateAccess(false);
    sim().privateEndpoints().deleteZoneGroup(p.endpointId());
    // The public endpoint would admit the subnet, but the name never gets there.
    sim().keyVaults().setPublicNetworkAccess(p.net().vault(), VaultProperties.ENABLED);
    sim().keyVaults().setDefaultAction(p.net().vault(), NetworkAcls.ALLOW);

    assertThat(fromSubnet(p.net().vault(), p.net().agentsSubnetId(), "198.51.100.1")).isEqualTo(denied(
        SecretReadDenial.NAME_NOT_RESOLVED, host(p.net().vault()) + " does not resolve in virtual network '"
            + p.net().virtualNetworkId() + "': its linked private DNS zone '"
            + sim().privateDnsZones().get(p.zoneId()).resourceId() + "' has no A record '" + p.net().vault().name()
            + "' (NXDOMAIN)."));
    assertThat(SecretReadDenial.NAME_NOT_RESOLVED.httpStatus()).as("Key Vault never answers").isEmpty();
    assertThat(fromAddress(p.net().vault(), "198.51.100.1").allowed()).as("public DNS still resolves").isTrue();
  }

  @Test
  void aLinkStillBeingCreatedDoesNotAnswerYet() {
    Private p = privateAccess(false);
    sim().privateDnsZones().deleteLink(p.zoneId(), "agents");
    sim().operations().setDelay(Duration.ofHours(1));

    ArmClient.Response link = arm.put(p.zoneId() + "/virtualNetworkLinks/agents" + DNS_API,
        NetworkFixtures.linkBody(p.net().virtualNetworkId()));

    assertThat(((SecretReadOutcome.Denied) fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null)).message())
        .isEqualTo(PUBLIC_ACCESS_DISABLED);
    sim().operations().endAllNow();
    assertThat(arm.awaitOperation(link)).isEqualTo("Succeeded");
    assertThat(fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null).allowed()).isTrue();
  }

  @Test
  void aRecordPointingAtAnotherVaultsEndpointIsNotThisVaultsPrivateLink() {
    Private p = privateAccess(false);
    SimVaultId other = TestIds.freshVault();
    sim().keyVaults().create(other, "westeurope", TestIds.TENANT, true, "Disabled", NetworkAcls.deny());
    String otherEndpoint = NetworkFixtures.endpointId("pe-read-other-" + ++count);
    arm.awaitOperation(arm.put(otherEndpoint + NETWORK_API, NetworkFixtures.endpointBody(false,
        NetworkFixtures.LOCATION, p.net().endpointsSubnetId(), other.resourceId(), "vault")));
    String otherAddress = sim().privateEndpoints().get(otherEndpoint).privateIpAddress();
    sim().privateDnsZones().putARecord(p.zoneId(), p.net().vault().name(), List.of(otherAddress));

    assertThat(fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null)).isEqualTo(denied(
        SecretReadDenial.FORBIDDEN_BY_CONNECTION, "Connection is not an approved private link: "
            + host(p.net().vault()) + " resolves to " + otherAddress + ", the address of private endpoint '"
            + otherEndpoint + "' of vault '" + other.name() + "'."));
  }

  @Test
  void everyAddressOfTheAnswerMustBeAnApprovedEndpoint() {
    Private p = privateAccess(false);
    sim().privateDnsZones().putARecord(p.zoneId(), p.net().vault().name(), List.of(p.address(), "10.250.0.9"));

    assertThat(fromSubnet(p.net().vault(), p.net().agentsSubnetId(), null)).isEqualTo(denied(
        SecretReadDenial.FORBIDDEN_BY_CONNECTION, "Connection is not an approved private link: "
            + host(p.net().vault()) + " resolves to 10.250.0.9, which is no private endpoint in virtual network '"
            + p.net().virtualNetworkId() + "'."));
    assertThat(sim().agentReachesVaultPrivately(p.net().agentsSubnetId(), p.net().vault())).isFalse();
  }

  @Test
  void anEndpointInAnotherNetworkIsNotReachableWithoutPeering() {
    Private p = privateAccess(false);
    NetworkFixtures other = NetworkFixtures.create(sim());
    sim().privateDnsZones().link(p.zoneId(), "other", other.virtualNetworkId());

    SecretReadOutcome outcome = fromSubnet(p.net().vault(), other.agentsSubnetId(), null);

    assertThat(((SecretReadOutcome.Denied) outcome).message()).endsWith(", which is no private endpoint in"
        + " virtual network '" + other.virtualNetworkId() + "'.");
  }

  @Test
  void unknownVaultsAndSubnetsAreNoAnswer() {
    SimVaultId vault = vault(false, "Enabled", null);
    assertThatThrownBy(() -> fromAddress(TestIds.freshVault(), "198.51.100.1"))
        .isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> fromSubnet(vault, TestIds.virtualNetwork() + "/subnets/none", null))
        .isInstanceOf(NoSuchElementException.class);
  }

  // ----- authorization -----

  private static Directory.AppRegistration app() {
    return sim().directory().seedApp("pipeline-" + Guid.random());
  }

  private static SecretReadOutcome read(SimVaultId vault, String principal) {
    return sim().secretRead(vault, Optional.of(principal), new SecretReadOrigin.PublicAddress("198.51.100.1"));
  }

  private static void grant(SimVaultId vault, String principal, String... secrets) {
    sim().keyVaults().updateAccessPolicies(vault, AccessPolicyOperation.ADD,
        List.of(AccessPolicy.of(TestIds.TENANT, principal, AccessPolicy.Permissions.secrets(secrets))));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "get,list | -",
      "all      | -",
      "Get,List | -",
      "get      | list",
      "list     | get",
      "set      | list"})
  void anAccessPolicyVaultNeedsListAndGetAndNamesTheFirstMissing(String secrets, String missing) {
    SimVaultId vault = vault(false, "Enabled", NetworkAcls.allowAll());
    Directory.AppRegistration app = app();
    grant(vault, app.servicePrincipalObjectId(), secrets.split(","));

    SecretReadOutcome outcome = read(vault, app.servicePrincipalObjectId());

    assertThat(outcome).isEqualTo(missing == null ? SecretReadOutcome.ALLOWED : denied(
        SecretReadDenial.ACCESS_DENIED, "The user, group or application 'appid=" + app.appId() + ";oid="
            + app.servicePrincipalObjectId() + ";iss=https://sts.windows.net/" + TestIds.TENANT + "/' does not have"
            + " secrets " + missing + " permission on key vault '" + vault.name() + ";location=westeurope'. For"
            + " help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287"));
  }

  @Test
  void aPrincipalTheDirectoryDoesNotKnowIsNamedByObjectIdAlone() {
    SimVaultId vault = vault(false, "Enabled", null);
    String stranger = Guid.random();

    assertThat(((SecretReadOutcome.Denied) read(vault, stranger)).message()).startsWith(
        "The user, group or application 'oid=" + stranger + ";iss=https://sts.windows.net/" + TestIds.TENANT
            + "/' does not have secrets list permission");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      BuiltInRoles.KEY_VAULT_SECRETS_USER + "    | -",
      BuiltInRoles.KEY_VAULT_SECRETS_OFFICER + " | -",
      BuiltInRoles.KEY_VAULT_READER + "          | Microsoft.KeyVault/vaults/secrets/getSecret/action",
      BuiltInRoles.READER + "                    | Microsoft.KeyVault/vaults/secrets/readMetadata/action"})
  void anRbacVaultNeedsBothDataActionsAndNamesTheFirstMissing(String role, String missingAction) {
    SimVaultId vault = vault(true, "Enabled", null);
    Directory.AppRegistration app = app();
    sim().roleAssignments().assign(vault.resourceId(), role, app.servicePrincipalObjectId());

    SecretReadOutcome outcome = read(vault, app.servicePrincipalObjectId());

    assertThat(outcome).isEqualTo(missingAction == null ? SecretReadOutcome.ALLOWED : denied(
        SecretReadDenial.FORBIDDEN_BY_RBAC, "Caller is not authorized to perform action on resource. If role"
            + " assignments, deny assignments or role definitions were changed recently, please observe propagation"
            + " time. Caller: appid=" + app.appId() + ";oid=" + app.servicePrincipalObjectId()
            + ";iss=https://sts.windows.net/" + TestIds.TENANT + "/ Action: '" + missingAction + "' Resource: '"
            + vault.resourceId().toLowerCase(Locale.ROOT) + "/secrets' Assignment: (not found) DecisionReason:"
            + " 'DeniedWithNoValidRBAC' Vault: " + vault.name() + ";location=westeurope"));
  }

  @ParameterizedTest
  @CsvSource({"vault, true", "group, true", "subscription, true", "otherGroup, false"})
  void rolesCountAtTheVaultOrAnyScopeAboveIt(String where, boolean allowed) {
    SimVaultId vault = vault(true, "Enabled", null);
    String principal = app().servicePrincipalObjectId();
    sim().seedResourceGroup(TestIds.SUBSCRIPTION, "rg-elsewhere");
    String scope = switch (where) {
      case "vault" -> vault.resourceId();
      case "group" -> GROUP;
      case "subscription" -> SUBSCRIPTION;
      default -> SUBSCRIPTION + "/resourceGroups/rg-elsewhere";
    };
    sim().roleAssignments().assign(scope, BuiltInRoles.KEY_VAULT_SECRETS_USER, principal);

    assertThat(read(vault, principal).allowed()).isEqualTo(allowed);
  }

  @Test
  void theNetworkIsDecidedBeforeAuthorization() {
    SimVaultId vault = vault(false, "Enabled", NetworkAcls.deny());
    String principal = app().servicePrincipalObjectId();

    assertThat(((SecretReadOutcome.Denied) read(vault, principal)).denial())
        .isEqualTo(SecretReadDenial.FORBIDDEN_BY_FIREWALL);
    sim().keyVaults().addIpRule(vault, "198.51.100.1");
    assertThat(((SecretReadOutcome.Denied) read(vault, principal)).denial())
        .isEqualTo(SecretReadDenial.ACCESS_DENIED);
  }

  @Test
  void withoutAPrincipalOnlyTheNetworkIsDecided() {
    SimVaultId vault = vault(true, "Enabled", NetworkAcls.deny("198.51.100.1"));

    assertThat(fromAddress(vault, "198.51.100.1").allowed()).isTrue();
    assertThat(read(vault, app().servicePrincipalObjectId()).allowed()).isFalse();
  }

  @Test
  void aManagedIdentityIsNamedByItsClientId() {
    SimVaultId vault = vault(false, "Enabled", null);
    UserAssignedIdentity identity = sim().managedIdentities().create(new IdentityId(TestIds.SUBSCRIPTION,
        TestIds.RESOURCE_GROUP, "id-read-" + ++count), "westeurope");
    grant(vault, identity.principalId(), "get");

    assertThat(((SecretReadOutcome.Denied) read(vault, identity.principalId())).message()).startsWith(
        "The user, group or application 'appid=" + identity.clientId() + ";oid=" + identity.principalId() + ";");
  }
}
