package io.vaultgate.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.model.AgentHosting;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.DevOpsDesired;
import io.vaultgate.model.IdentityRef;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.PipelineAgents;
import io.vaultgate.model.ReconcilePolicy;
import io.vaultgate.ranges.InboundRangeFile;
import io.vaultgate.reconcile.SpecMapping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {

  static final String VAULT = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app"
      + "/providers/Microsoft.KeyVault/vaults/kv-payments";
  static final InboundRangeTable TABLE = InboundRangeFile.builtIn();

  static PrivateVaultAccessSpec spec(String geography, String... additional) {
    PrivateVaultAccessSpec s = new PrivateVaultAccessSpec();
    s.vault = new PrivateVaultAccessSpec.VaultSpec();
    s.vault.resourceId = VAULT;
    s.devOps = new PrivateVaultAccessSpec.DevOpsSpec();
    s.devOps.organization = "contoso";
    s.devOps.geography = geography;
    s.network = new PrivateVaultAccessSpec.NetworkSpec();
    s.network.additionalIpRanges = List.of(additional);
    return s;
  }

  /** The spec as the reconciler maps it at the edge, and the reconcile-policy annotation's value. */
  static SpecValidator.Result validate(PrivateVaultAccessSpec s, Map<String, String> annotations,
      InboundRangeTable table) {
    return SpecValidator.validate(SpecMapping.input(s), annotations.get(ReconcilePolicy.ANNOTATION), table);
  }

  static SpecValidator.Invalid invalid(PrivateVaultAccessSpec s) {
    SpecValidator.Result r = validate(s, Map.of(), TABLE);
    assertThat(r).isInstanceOf(SpecValidator.Invalid.class);
    return (SpecValidator.Invalid) r;
  }

  static DesiredAccess valid(PrivateVaultAccessSpec s) {
    SpecValidator.Result r = validate(s, Map.of(), TABLE);
    assertThat(r).isInstanceOf(SpecValidator.Valid.class);
    return ((SpecValidator.Valid) r).access();
  }

  @Test
  void usGeographyAddsAllNineUsRanges() {
    DesiredAccess access = valid(spec("UnitedStates"));
    assertThat(access.ipRules().keySet()).extracting(Ipv4Range::toString).containsExactly("20.37.158.0/23",
        "52.150.138.0/24", "20.42.5.0/24", "20.41.6.0/23", "40.80.187.0/24", "40.119.10.0/24", "40.82.252.0/24",
        "20.42.134.0/23", "20.125.155.0/24");
    assertThat(access.ipRules().get(Ipv4Range.parse("20.37.158.0/23"))).isEqualTo("Central United States");
    assertThat(access.rangesVersion()).isEqualTo("2024-01-02");
  }

  @Test
  void additionalRangesAreNormalisedAndAdded() {
    DesiredAccess access = valid(spec("UnitedKingdom", "131.107.1.1", "131.107.2.0/24"));
    assertThat(access.ipRules().keySet()).extracting(Ipv4Range::toString)
        .containsExactly("51.104.26.0/24", "131.107.1.1/32", "131.107.2.0/24");
  }

  @Test
  void inboundOffLeavesOnlyAdditionalRanges() {
    PrivateVaultAccessSpec s = spec("Europe", "131.107.1.1");
    s.network.azureDevOpsInbound = false;
    assertThat(valid(s).ipRules().keySet()).extracting(Ipv4Range::toString).containsExactly("131.107.1.1/32");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/16|spec.network.additionalIpRanges[0]: '10.0.0.0/16' is in 10.0.0.0/8 (private, RFC 1918)",
      "127.0.0.1|spec.network.additionalIpRanges[0]: '127.0.0.1' is in 127.0.0.0/8 (loopback)",
      "169.254.0.0/16|is in 169.254.0.0/16 (link-local)",
      "100.64.0.0/16|is in 100.64.0.0/10 (carrier-grade NAT, RFC 6598)",
      "239.1.0.0/16|is in 224.0.0.0/4 (multicast)",
      "20.0.0.0/8|spec.network.additionalIpRanges[0]: '20.0.0.0/8' is wider than /16",
      "2620:1ec:50::/48|spec.network.additionalIpRanges[0]: '2620:1ec:50::/48' is not an IPv4 address",
      "20.37.158.5/23|has host bits set; the network is 20.37.158.0/23",
      "1.2.3.4/33|is not an IPv4 address or CIDR range"})
  void rejectsBadRangesNamingFieldAndValue(String range, String expected) {
    assertThat(invalid(spec("UnitedStates", range)).message()).contains(expected);
  }

  @Test
  void rejectsDuplicatesAfterNormalisation() {
    assertThat(invalid(spec("UnitedStates", "131.107.1.1", "131.107.1.1/32")).message())
        .contains("spec.network.additionalIpRanges[1]: '131.107.1.1/32' duplicates"
            + " spec.network.additionalIpRanges[0]");
  }

  @Test
  void rejectsMalformedVaultIdAndUnknownGeographyAndMode() {
    PrivateVaultAccessSpec s = spec("Mars");
    s.vault.resourceId = "/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x";
    s.mode = "Yolo";
    List<String> problems = invalid(s).problems();
    assertThat(problems).anyMatch(p -> p.startsWith("spec.vault.resourceId: '/subscriptions/abc/"));
    assertThat(problems).anyMatch(p -> p.startsWith("spec.devOps.geography: unknown value 'Mars'"));
    assertThat(problems).anyMatch(p -> p.startsWith("spec.mode: unknown value 'Yolo'"));
  }

  @Test
  void rejectsMissingRequiredFields() {
    PrivateVaultAccessSpec s = new PrivateVaultAccessSpec();
    assertThat(invalid(s).problems()).contains("spec.vault.resourceId: required", "spec.devOps: required");
  }

  @Test
  void vaultIdIsCaseInsensitive() {
    PrivateVaultAccessSpec s = spec("UnitedStates");
    s.vault.resourceId = VAULT.toLowerCase();
    assertThat(valid(s).vault()).isEqualTo(valid(spec("UnitedStates")).vault());
  }

  @Test
  void geographyMissingFromAReplacementTableIsInvalid() {
    InboundRangeTable onlyUk = new InboundRangeTable("2030-01-01", "test", Map.of("UnitedKingdom",
        List.of(new InboundRangeTable.InboundRange("UK South", Ipv4Range.parse("51.104.26.0/24")))));
    var r = validate(spec("UnitedStates"), Map.of(), onlyUk);
    assertThat(((SpecValidator.Invalid) r).message())
        .contains("'UnitedStates' is not in the Azure DevOps ranges table version 2030-01-01");
  }

  @Test
  void unknownReconcilePolicyIsInvalidAndKnownOnesParse() {
    var bad = validate(spec("UnitedStates"), Map.of("vaultgate.io/reconcile-policy", "yolo"), TABLE);
    assertThat(((SpecValidator.Invalid) bad).message()).contains("unknown value 'yolo'");
    var skip = validate(spec("UnitedStates"), Map.of("vaultgate.io/reconcile-policy", "skip"), TABLE);
    assertThat(((SpecValidator.Valid) skip).access().policy()).isEqualTo(ReconcilePolicy.SKIP);
    assertThat(((SpecValidator.Valid) skip).access().dryRun()).isTrue();
  }

  @Test
  void identityNeedsExactlyOneWellFormedReference() {
    PrivateVaultAccessSpec both = spec("UnitedStates");
    both.identity = new PrivateVaultAccessSpec.IdentitySpec();
    both.identity.applicationClientId = "6b0b2e4c-1a3d-4e5f-8a9b-0c1d2e3f4a5b";
    both.identity.userAssignedIdentityId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pipelines";
    assertThat(invalid(both).message()).contains("spec.identity: set exactly one of");

    PrivateVaultAccessSpec badGuid = spec("UnitedStates");
    badGuid.identity = new PrivateVaultAccessSpec.IdentitySpec();
    badGuid.identity.applicationClientId = "not-a-guid";
    assertThat(invalid(badGuid).message()).contains("spec.identity.applicationClientId: 'not-a-guid' is not a GUID");

    PrivateVaultAccessSpec badId = spec("UnitedStates");
    badId.identity = new PrivateVaultAccessSpec.IdentitySpec();
    badId.identity.userAssignedIdentityId = "/subscriptions/x/pipelines";
    assertThat(invalid(badId).message()).contains("spec.identity.userAssignedIdentityId: '/subscriptions/x/pipelines'");
  }

  @Test
  void identityAndPermissionModelAreCarriedNormalised() {
    PrivateVaultAccessSpec s = spec("UnitedStates");
    s.vault.permissionModel = "Rbac";
    s.identity = new PrivateVaultAccessSpec.IdentitySpec();
    s.identity.applicationClientId = "6B0B2E4C-1A3D-4E5F-8A9B-0C1D2E3F4A5B";
    s.identity.readerOnSubscription = true;
    DesiredAccess access = valid(s);
    assertThat(access.identity()).contains(new IdentityRef(IdentityRef.Kind.APPLICATION,
        "6b0b2e4c-1a3d-4e5f-8a9b-0c1d2e3f4a5b"));
    assertThat(access.permissionModel()).isEqualTo(io.vaultgate.model.PermissionModel.Rbac);
    assertThat(access.readerOnSubscription()).isTrue();
    assertThat(access.keyVaultContributor()).isFalse();

    s.vault.permissionModel = "Legacy";
    assertThat(invalid(s).message()).contains("spec.vault.permissionModel: unknown value 'Legacy'");
  }

  @Test
  void serviceConnectionAndVariableGroupNeedTheirPrerequisites() {
    PrivateVaultAccessSpec s = spec("UnitedStates");
    s.serviceConnection = new PrivateVaultAccessSpec.ServiceConnectionSpec();
    s.serviceConnection.name = "kv/payments";
    s.variableGroup = new PrivateVaultAccessSpec.VariableGroupSpec();
    s.variableGroup.name = "payments";
    s.variableGroup.secrets = List.of("db-password", "db_password", "DB-PASSWORD");
    List<String> problems = invalid(s).problems();
    assertThat(problems).anyMatch(p -> p.startsWith("spec.serviceConnection.name: 'kv/payments' is not a valid"));
    assertThat(problems).contains("spec.serviceConnection: requires spec.identity, the identity the connection signs"
        + " in as", "spec.serviceConnection: requires spec.devOps.project");
    assertThat(problems).anyMatch(p -> p.startsWith("spec.variableGroup.secrets[1]: 'db_password' is not a Key Vault"
        + " secret name"));
    assertThat(problems).contains("spec.variableGroup.secrets[2]: 'DB-PASSWORD' is listed twice");

    PrivateVaultAccessSpec orphan = spec("UnitedStates");
    orphan.variableGroup = new PrivateVaultAccessSpec.VariableGroupSpec();
    orphan.variableGroup.name = "payments";
    orphan.variableGroup.secrets = List.of("db-password");
    assertThat(invalid(orphan).problems()).contains("spec.variableGroup: requires spec.serviceConnection, through"
        + " which it reads the vault");
  }

  @Test
  void completeDevOpsSpecIsCarried() {
    PrivateVaultAccessSpec s = spec("UnitedStates");
    s.devOps.project = "payments";
    s.identity = new PrivateVaultAccessSpec.IdentitySpec();
    s.identity.applicationClientId = "6b0b2e4c-1a3d-4e5f-8a9b-0c1d2e3f4a5b";
    s.serviceConnection = new PrivateVaultAccessSpec.ServiceConnectionSpec();
    s.serviceConnection.name = "kv-payments";
    s.serviceConnection.scope = "ResourceGroup";
    s.serviceConnection.authorizeAllPipelines = true;
    s.variableGroup = new PrivateVaultAccessSpec.VariableGroupSpec();
    s.variableGroup.name = "payments-secrets";
    s.variableGroup.secrets = List.of("dbPassword", "apiKey");
    DevOpsDesired devOps = valid(s).devOps();
    assertThat(devOps.project()).contains("payments");
    assertThat(devOps.serviceConnection()).contains(new DevOpsDesired.Connection("kv-payments",
        io.vaultgate.model.ServiceConnectionScope.ResourceGroup, true));
    assertThat(devOps.variableGroup()).contains(new DevOpsDesired.Group("payments-secrets",
        List.of("dbPassword", "apiKey"), false));
  }

  @Test
  void agentsDefaultFromTheNetworkPathsTheSpecGives() {
    assertThat(valid(spec("UnitedStates")).pipelines())
        .isEqualTo(new PipelineAgents(AgentHosting.MicrosoftHosted, true));
    PrivateVaultAccessSpec selfHosted = spec("UnitedStates");
    selfHosted.network.selfHostedAgents = new PrivateVaultAccessSpec.SelfHostedAgentsSpec();
    selfHosted.network.selfHostedAgents.subnetIds = List.of(SUBNET);
    assertThat(valid(selfHosted).pipelines()).isEqualTo(new PipelineAgents(AgentHosting.SelfHosted, false));
    selfHosted.agents = new PrivateVaultAccessSpec.AgentsSpec();
    selfHosted.agents.type = "Both";
    assertThat(valid(selfHosted).pipelines()).isEqualTo(new PipelineAgents(AgentHosting.Both, true));
    selfHosted.agents.allowIpGrants = false;
    assertThat(valid(selfHosted).pipelines()).isEqualTo(new PipelineAgents(AgentHosting.Both, false));
  }

  @Test
  void selfHostedAgentsWithoutAWayInAreRefusedNamingBothFields() {
    PrivateVaultAccessSpec s = spec("UnitedStates");
    s.agents = new PrivateVaultAccessSpec.AgentsSpec();
    s.agents.type = "SelfHosted";
    assertThat(invalid(s).message()).contains("spec.agents.type: SelfHosted needs")
        .contains("spec.network.selfHostedAgents.subnetIds");
    s.agents.type = "Cloud";
    assertThat(invalid(s).message()).contains("spec.agents.type: unknown value 'Cloud'");
  }

  /** Microsoft's naming restrictions for projects, the rules {@code spec.devOps.project} follows. */
  static final String PROJECT_RULES =
      "https://learn.microsoft.com/azure/devops/organizations/settings/naming-restrictions#project-names";

  static PrivateVaultAccessSpec withProject(String project) {
    PrivateVaultAccessSpec s = spec("UnitedStates");
    s.devOps.project = project;
    return s;
  }

  @ParameterizedTest(name = "project {0} refused, as " + PROJECT_RULES + " says")
  @ValueSource(strings = {"a/b", "../payments", "pay?x=1", "pay\u0007ments", "pay\nments", "pay\u007fments",
      "pay\u0085ments", "pay\\ments", "pay:ments", "pay~ments", "pay&ments", "pay%ments", "pay;ments", "pay@ments",
      "pay'ments", "pay\"ments", "pay<ments", "pay>ments", "pay|ments", "pay#ments", "pay$ments", "pay*ments",
      "pay{ments", "pay}ments", "pay,ments", "pay+ments", "pay=ments", "pay[ments", "pay]ments",
      "pay\ud83d\ude00ments", "_payments", ".payments", "payments.", " payments", "payments ", "\u00a0payments", "",
      "App_Code", "app_code", "CON", "com10", "Web", "WEB", "web.config", "DefaultCollection", "SignalR", "bin"})
  void aProjectNameAzureDevOpsRefusesIsRefused(String project) {
    assertThat(invalid(withProject(project)).problems()).singleElement(STRING).startsWith("spec.devOps.project: ");
  }

  @ParameterizedTest(name = "project {0} accepted")
  @ValueSource(strings = {"payments", "Payments Team", "pay-ments_1.0", "p", "payments(2)", "Café", "app_codes",
      "webs", "com0", "pay_", "pay.ments", "!payments"})
  void aProjectNameAzureDevOpsAcceptsIsAccepted(String project) {
    assertThat(valid(withProject(project)).devOps().project()).contains(project);
  }

  @Test
  void aProjectNameOf64CharactersIsAcceptedAnd65AreNot() {
    assertThat(valid(withProject("p".repeat(64))).devOps().project()).contains("p".repeat(64));
    assertThat(invalid(withProject("p".repeat(65))).message()).startsWith("spec.devOps.project: ");
  }

  @Test
  void aLongValueIsEchoedByItsBeginningAndItsLength() {
    String message = invalid(withProject("x".repeat(300))).message();
    assertThat(message).startsWith("spec.devOps.project: '" + "x".repeat(80) + "...' (300 characters) is not an"
        + " Azure DevOps project name").doesNotContain("x".repeat(81));
  }

  @Test
  void aReservedProjectNameIsNamedAsSuch() {
    assertThat(invalid(withProject("App_Data")).message())
        .isEqualTo("spec.devOps.project: 'App_Data' is a name Azure DevOps reserves");
  }

  static PrivateVaultAccessSpec withDevOpsNames(String connection, String group) {
    PrivateVaultAccessSpec s = withProject("payments");
    s.identity = new PrivateVaultAccessSpec.IdentitySpec();
    s.identity.applicationClientId = "6b0b2e4c-1a3d-4e5f-8a9b-0c1d2e3f4a5b";
    s.serviceConnection = new PrivateVaultAccessSpec.ServiceConnectionSpec();
    s.serviceConnection.name = connection;
    s.variableGroup = new PrivateVaultAccessSpec.VariableGroupSpec();
    s.variableGroup.name = group;
    s.variableGroup.secrets = List.of("dbPassword");
    return s;
  }

  @ParameterizedTest(name = "service connection and variable group name {0} refused")
  @ValueSource(strings = {"", " ", " kv-payments", "kv-payments ", "kv\tpayments", "kv\u0000payments",
      "kv\u009fpayments", "kv\u2028payments", "kv/payments", "kv\\payments", "kv:payments", "kv*payments",
      "kv?payments", "kv\"payments", "kv<payments", "kv>payments", "kv|payments", "kv\ud83d\ude00"})
  void aBlankOrForbiddenDevOpsNameIsRefused(String name) {
    assertThat(invalid(withDevOpsNames(name, "payments-secrets")).problems())
        .singleElement(STRING).startsWith("spec.serviceConnection.name: ");
    assertThat(invalid(withDevOpsNames("kv-payments", name)).problems())
        .singleElement(STRING).startsWith("spec.variableGroup.name: ");
  }

  @ParameterizedTest(name = "service connection and variable group name {0} accepted")
  @ValueSource(strings = {"k", "kv payments", "kv-payments (prod)", "kv_payments#1", "Café", "kv.payments."})
  void aDevOpsNameWithinTheRulesIsAccepted(String name) {
    DevOpsDesired devOps = valid(withDevOpsNames(name, name)).devOps();
    assertThat(devOps.serviceConnection().orElseThrow().name()).isEqualTo(name);
    assertThat(devOps.variableGroup().orElseThrow().name()).isEqualTo(name);
  }

  @Test
  void devOpsNamesOf128CharactersAreAcceptedAnd129AreNot() {
    assertThat(validate(withDevOpsNames("n".repeat(128), "n".repeat(128)), Map.of(), TABLE))
        .isInstanceOf(SpecValidator.Valid.class);
    assertThat(invalid(withDevOpsNames("n".repeat(129), "n".repeat(129))).problems())
        .anyMatch(p -> p.startsWith("spec.serviceConnection.name: "))
        .anyMatch(p -> p.startsWith("spec.variableGroup.name: "));
  }

  @ParameterizedTest(name = "range {0} is refused, not trimmed")
  @ValueSource(strings = {" 20.1.2.3", "20.1.2.3 ", "20.1.2.3\n", "\t20.1.2.0/24", "20.1.2.0 /24", ""})
  void aRangeWithABlankIsRefusedNotTrimmed(String range) {
    assertThat(invalid(spec("UnitedStates", range)).message())
        .startsWith("spec.network.additionalIpRanges[0]: '" + range + "' is not an IPv4 address or CIDR range");
  }

  @ParameterizedTest(name = "reconcile policy {0} is refused")
  @ValueSource(strings = {"Skip", "SKIP", " skip", "skip ", "Manage", "detach_on_delete", "", "skip\n"})
  void aReconcilePolicyMustBeExactlyOneOfItsValues(String value) {
    var r = validate(spec("UnitedStates"), Map.of(ReconcilePolicy.ANNOTATION, value), TABLE);
    assertThat(((SpecValidator.Invalid) r).problems()).containsExactly("metadata.annotations["
        + ReconcilePolicy.ANNOTATION + "]: unknown value '" + value + "' (exactly one of manage, skip,"
        + " detach-on-delete)");
  }

  @ParameterizedTest(name = "reconcile policy {0} is accepted")
  @CsvSource({"manage,MANAGE", "skip,SKIP", "detach-on-delete,DETACH_ON_DELETE"})
  void eachReconcilePolicyValueIsAccepted(String value, ReconcilePolicy policy) {
    assertThat(((SpecValidator.Valid) validate(spec("UnitedStates"), Map.of(ReconcilePolicy.ANNOTATION, value),
        TABLE)).access().policy()).isEqualTo(policy);
    assertThat(valid(spec("UnitedStates")).policy()).isEqualTo(ReconcilePolicy.MANAGE);
  }

  @Test
  void aCredentialsSecretRefNeedsAnObjectName() {
    PrivateVaultAccessSpec s = spec("UnitedStates");
    s.credentialsSecretRef = new PrivateVaultAccessSpec.SecretReference();
    assertThat(invalid(s).problems()).containsExactly("spec.credentialsSecretRef.name: required");
    s.credentialsSecretRef.name = "Azure_DevOps";
    assertThat(invalid(s).problems()).containsExactly("spec.credentialsSecretRef.name: 'Azure_DevOps' is not a"
        + " Kubernetes object name");
    s.credentialsSecretRef.name = "azure-devops";
    assertThat(valid(s).devOps().credentialsSecret()).contains("azure-devops");
  }

  static final String SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net"
      + "/providers/Microsoft.Network/virtualNetworks/vnet-agents/subnets/agents";
}
