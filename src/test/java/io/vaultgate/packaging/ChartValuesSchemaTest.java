package io.vaultgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** helm/vaultgate/values.schema.json: Helm refuses bad values before rendering anything, naming the value. */
class ChartValuesSchemaTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("replicas: two", "replicas: Invalid type. Expected: integer"),
        Arguments.of("replicas: 0", "replicas: Must be greater than or equal to 1"),
        Arguments.of("logFormat: xml", "logFormat: logFormat must be one of the following"),
        Arguments.of("logLevel: verbose", "logLevel: logLevel must be one of the following"),
        Arguments.of("resyncInterval: 15 minutes", "resyncInterval: Does not match pattern"),
        Arguments.of("resyncInterval: 1d", "resyncInterval: Does not match pattern"),
        Arguments.of("resyncInterval: 900", "resyncInterval: Invalid type. Expected: string"),
        Arguments.of("slowRetryInterval: 0s", "slowRetryInterval: Does not match pattern"),
        Arguments.of("image: {repository: vaultgate, pullPolicy: Sometimes}", "image.pullPolicy"),
        Arguments.of("image: {repository: vaultgate, pullPolicy: Always, digest: latest}", "image.digest"),
        Arguments.of("namespaces: [Team_Payments]", "namespaces.0: Does not match pattern"),
        Arguments.of("namespaces: [team-a, team-a]", "namespaces: array items[0,1] must be unique"),
        Arguments.of("namespaces: team-a", "namespaces: Invalid type. Expected: array"),
        Arguments.of("workloadIdentity: {clientId: my-app}", "workloadIdentity.clientId: Does not match pattern"),
        Arguments.of("httpPort: 80", "httpPort: Must be greater than or equal to 1024"),
        Arguments.of("replica: 3", "Additional property replica is not allowed"),
        Arguments.of("leaderElection: {enabled: \"yes\", leaseName: vaultgate-leader}",
            "leaderElection.enabled: Invalid type. Expected: boolean"),
        Arguments.of("perNamespaceCredentials: {enabled: true, secretNames: [Azure_DevOps]}",
            "perNamespaceCredentials.secretNames.0: Does not match pattern"),
        Arguments.of("scopePolicy: {namespaces: {team-a: [/resourceGroups/rg-a]}}",
            "scopePolicy.namespaces.team-a.0: Does not match pattern"),
        Arguments.of("scopePolicy: {teams: {}}", "Additional property teams is not allowed"),
        Arguments.of("rangesOverride: {version: x, geographies: {Mars: [{region: a, range: 1.2.3.0/24}]}}",
            "rangesOverride.geographies"),
        Arguments.of("rangesOverride: {geographies: {Europe: [{region: a, range: 1.2.3.0/24}]}}",
            "rangesOverride: version is required"),
        Arguments.of("rangesOverride: 42", "rangesOverride: Invalid type"),
        Arguments.of("azure: {armEndpoint: http://management.azure.com/}", "azure.armEndpoint: Does not match pattern"),
        Arguments.of("metrics: {service: {enabled: true}, serviceMonitor: {enabled: true, interval: soon}}",
            "metrics.serviceMonitor.interval: Does not match pattern"),
        Arguments.of("agentIpGrants: {maxTtl: 1 hour, maxPerVault: 20, azureAddressesOnly: true,"
            + " requesterClusterRole: {enabled: true}}", "agentIpGrants.maxTtl: Does not match pattern"),
        Arguments.of("agentIpGrants: {maxTtl: 1h, maxPerVault: 0, azureAddressesOnly: true,"
            + " requesterClusterRole: {enabled: true}}", "agentIpGrants.maxPerVault: Must be greater than or equal to 1"),
        Arguments.of("agentIpGrants: {maxTtl: 1h, maxPerVault: 20, azureAddressesOnly: maybe,"
            + " requesterClusterRole: {enabled: true}}", "agentIpGrants.azureAddressesOnly: Invalid type"),
        Arguments.of("resources: {requests: {cpu: lots, memory: 1Gi}, limits: {memory: 1Gi}}",
            "resources.requests.cpu: Does not match pattern"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void rejects(String values, String expected) {
    assertThat(Chart.refusal(values)).contains("values don't meet the specifications of the schema").contains(expected);
  }

  @Test
  void acceptsEveryDurationTheOperatorParses() {
    for (String duration : new String[] {"90s", "15m", "1h", "250ms", "PT15M", "PT1H30M", "PT45S"}) {
      assertThat(Chart.render("resyncInterval: " + duration).env("VAULTGATE_RESYNC_INTERVAL").path("value").asText())
          .isEqualTo(duration);
    }
  }
}
