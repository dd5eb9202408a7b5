package io.vaultgate.packaging;

import static io.vaultgate.packaging.Chart.NAMESPACE;
import static io.vaultgate.packaging.Chart.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.packaging.Chart.Rendered;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.ranges.InboundRangeFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helm lint} and {@code helm template} of helm/vaultgate with its defaults and with other values, asserting on
 * the rendered objects: what the operator is allowed to do, how its pods run, and what it is told through its
 * environment (the contract in io.vaultgate.cli.RunCommand).
 */
class HelmChartTest {

  static final String VAULT_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-payments"
      + "/providers/Microsoft.KeyVault/vaults/kv-payments";

  /** Every environment variable the operator reads; the chart sets no other (bar extraEnv). */
  static final Set<String> OPERATOR_ENV = Set.of("POD_NAME", "POD_NAMESPACE", "VAULTGATE_NAMESPACES",
      "VAULTGATE_RESYNC_INTERVAL", "VAULTGATE_SLOW_RETRY_INTERVAL", "VAULTGATE_RANGES_FILE",
      "VAULTGATE_SCOPE_POLICY_FILE", "VAULTGATE_ARM_ENDPOINT", "VAULTGATE_GRAPH_ENDPOINT", "VAULTGATE_DEVOPS_ENDPOINT",
      "VAULTGATE_LOG_LEVEL", "VAULTGATE_LOG_FORMAT", "VAULTGATE_HTTP_PORT", "VAULTGATE_LEADER_ELECTION",
      "VAULTGATE_LEADER_ELECTION_NAMESPACE", "VAULTGATE_LEASE_NAME", "VAULTGATE_PER_NAMESPACE_CREDENTIALS",
      "VAULTGATE_AGENT_IP_GRANT_MAX_TTL", "VAULTGATE_AGENT_IP_GRANT_MAX_PER_VAULT",
      "VAULTGATE_AGENT_IP_GRANT_AZURE_ADDRESSES_ONLY");

  static final String REQUESTER = RELEASE + "-agent-ip-grant-requester";

  static final String OPERATOR_RULES = """
      [{"apiGroups":["vaultgate.io"],"resources":["privatevaultaccesses","agentipgrants"],
        "verbs":["get","list","watch","patch","update"]},
       {"apiGroups":["vaultgate.io"],"resources":["privatevaultaccesses/status","agentipgrants/status"],
        "verbs":["get","patch","update"]},
       {"apiGroups":["vaultgate.io"],"resources":["privatevaultaccesses/finalizers","agentipgrants/finalizers"],
        "verbs":["update"]},
       {"apiGroups":[""],"resources":["events"],"verbs":["get","list","create","patch"]}]""";

  // ---------------------------------------------------------------- lint and defaults

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = Chart.helm().lint().strict().call();
    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultsRunTwoReplicasOfTheShadedJarWithLeaderElection() {
    Rendered r = Chart.renderDefaults();
    JsonNode deployment = r.deployment();
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(texts(r.container().path("command"))).startsWith("java")
        .endsWith("-jar", "/app/vaultgate.jar", "run");
    assertThat(r.container().path("image").asText()).isEqualTo("vaultgate:" + appVersion());
    assertThat(r.env("VAULTGATE_LEADER_ELECTION").path("value").asText()).isEqualTo("true");
    assertThat(r.env("VAULTGATE_LEADER_ELECTION_NAMESPACE").path("value").asText()).isEqualTo(NAMESPACE);
    assertThat(r.env("VAULTGATE_LEASE_NAME").path("value").asText()).isEqualTo("vaultgate-leader");
    assertThat(r.env("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
    assertThat(r.env("POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.namespace");
    assertThat(r.env("VAULTGATE_NAMESPACES").isMissingNode()).as("empty watches all namespaces").isTrue();
    assertThat(r.env("VAULTGATE_RESYNC_INTERVAL").path("value").asText()).isEqualTo("15m");
    assertThat(r.env("VAULTGATE_SLOW_RETRY_INTERVAL").path("value").asText()).isEqualTo("5m");
    assertThat(r.env("VAULTGATE_LOG_FORMAT").path("value").asText()).isEqualTo("text");
    assertThat(r.env("VAULTGATE_LOG_LEVEL").path("value").asText()).isEqualTo("INFO");
    assertThat(r.env("VAULTGATE_PER_NAMESPACE_CREDENTIALS").path("value").asText()).isEqualTo("false");
    assertThat(r.env("VAULTGATE_SCOPE_POLICY_FILE").isMissingNode()).isTrue();
    assertThat(r.env("VAULTGATE_RANGES_FILE").isMissingNode()).isTrue();
    List<String> names = new ArrayList<>();
    r.container().path("env").forEach(e -> names.add(e.path("name").asText()));
    assertThat(OPERATOR_ENV).containsAll(names);
    assertThat(r.ofKind("ConfigMap")).isEmpty();
  }

  @Test
  void podsAreNonRootWithAReadOnlyRootFilesystemAndNoCapabilities() {
    Rendered r = Chart.renderDefaults();
    JsonNode pod = r.podSpec().path("securityContext");
    assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("runAsUser").asInt()).isEqualTo(65532);
    assertThat(pod.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode container = r.container().path("securityContext");
    assertThat(container.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.path("runAsUser").asInt()).isEqualTo(65532);
    assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(texts(container.at("/capabilities/drop"))).containsExactly("ALL");
    assertThat(container.at("/capabilities/add").isMissingNode()).isTrue();
    assertThat(container.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.has("privileged")).isFalse();
    // the only writable place: an emptyDir at /tmp
    assertThat(r.container().path("volumeMounts")).singleElement().satisfies(m -> {
      assertThat(m.path("mountPath").asText()).isEqualTo("/tmp");
      assertThat(volume(r, m.path("name").asText()).has("emptyDir")).isTrue();
    });
    assertThat(r.podSpec().path("hostNetwork").asBoolean(false)).isFalse();
  }

  @Test
  void probesUseTheOperatorsHealthEndpointsOnItsHttpPort() {
    Rendered r = Chart.renderDefaults();
    JsonNode container = r.container();
    JsonNode port = container.path("ports").get(0);
    assertThat(port.path("name").asText()).isEqualTo("http");
    assertThat(port.path("containerPort").asInt()).isEqualTo(8080);
    assertThat(r.env("VAULTGATE_HTTP_PORT").path("value").asText()).isEqualTo("8080");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");

    Rendered moved = Chart.render("httpPort: 9095\nmetrics: {service: {enabled: true, port: 9095}}");
    assertThat(moved.container().path("ports").get(0).path("containerPort").asInt()).isEqualTo(9095);
    assertThat(moved.env("VAULTGATE_HTTP_PORT").path("value").asText()).isEqualTo("9095");
  }

  @Test
  void replicasAreSpreadOverNodesWithRequestsAndLimits() {
    Rendered r = Chart.renderDefaults();
    JsonNode terms = r.podSpec().at("/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution");
    assertThat(terms).hasSize(1);
    JsonNode term = terms.get(0).path("podAffinityTerm");
    assertThat(term.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertThat(term.at("/labelSelector/matchLabels"))
        .isEqualTo(r.deployment().at("/spec/selector/matchLabels"));
    assertThat(r.podSpec().at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution")
        .isMissingNode()).as("preferred, so that a one-node cluster still runs both").isTrue();
    JsonNode resources = r.container().path("resources");
    for (String kind : List.of("requests", "limits")) {
      assertThat(resources.path(kind).path("cpu").asText()).as(kind).isNotEmpty();
      assertThat(resources.path(kind).path("memory").asText()).as(kind).isNotEmpty();
    }
    assertThat(r.get("PodDisruptionBudget", RELEASE, NAMESPACE).at("/spec/maxUnavailable").asInt()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- RBAC

  @Test
  void watchingAllNamespacesUsesOneClusterRoleWithoutSecrets() throws Exception {
    Rendered r = Chart.renderDefaults();
    JsonNode clusterRole = r.get("ClusterRole", RELEASE, null);
    assertThat(clusterRole.path("rules")).isEqualTo(Chart.YAML.readTree(OPERATOR_RULES));
    assertBoundToTheServiceAccount(r.get("ClusterRoleBinding", RELEASE, null), "ClusterRole", RELEASE);
    assertThat(r.ofKind("ClusterRole").map(Rendered::nameOf)).containsExactlyInAnyOrder(RELEASE, REQUESTER);
    assertThat(r.ofKind("Role").map(Rendered::nameOf)).containsExactly(RELEASE + "-leader-election");
    assertThat(rulesOf(r)).noneMatch(rule -> texts(rule.path("resources")).contains("secrets"))
        .noneMatch(rule -> texts(rule.path("resources")).contains("customresourcedefinitions"));
    assertNoWildcards(r);
  }

  @Test
  void theLeaseRoleCreatesAndRenewsOnlyTheLeaderLease() throws Exception {
    Rendered r = Chart.renderDefaults();
    JsonNode role = r.get("Role", RELEASE + "-leader-election", NAMESPACE);
    assertThat(role.path("rules")).isEqualTo(Chart.YAML.readTree("""
        [{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["create"]},
         {"apiGroups":["coordination.k8s.io"],"resources":["leases"],"resourceNames":["vaultgate-leader"],
          "verbs":["get","update"]}]"""));
    assertBoundToTheServiceAccount(r.get("RoleBinding", RELEASE + "-leader-election", NAMESPACE), "Role",
        RELEASE + "-leader-election");

    Rendered renamed = Chart.render("leaderElection: {enabled: true, leaseName: vaultgate-blue}");
    assertThat(texts(renamed.get("Role", RELEASE + "-leader-election", NAMESPACE).at("/rules/1/resourceNames")))
        .containsExactly("vaultgate-blue");
    assertThat(renamed.env("VAULTGATE_LEASE_NAME").path("value").asText()).isEqualTo("vaultgate-blue");

    Rendered single = Chart.render("replicas: 1\nleaderElection: {enabled: false, leaseName: vaultgate-leader}");
    assertThat(single.find("Role", RELEASE + "-leader-election", NAMESPACE)).isEmpty();
    assertThat(single.env("VAULTGATE_LEADER_ELECTION").path("value").asText()).isEqualTo("false");
    assertThat(Chart.refusal("replicas: 2\nleaderElection: {enabled: false, leaseName: vaultgate-leader}"))
        .contains("leaderElection.enabled=false needs replicas: 1");
  }

  @Test
  void listedNamespacesGetARoleEachAndNoClusterRole() throws Exception {
    Rendered r = Chart.render("namespaces: [team-payments, team-data]");
    assertThat(r.ofKind("ClusterRole").map(Rendered::nameOf)).as("only the pipelines' requester role")
        .containsExactly(REQUESTER);
    assertThat(r.ofKind("ClusterRoleBinding")).isEmpty();
    for (String ns : List.of("team-payments", "team-data")) {
      assertThat(r.get("Role", RELEASE, ns).path("rules")).isEqualTo(Chart.YAML.readTree(OPERATOR_RULES));
      assertBoundToTheServiceAccount(r.get("RoleBinding", RELEASE, ns), "Role", RELEASE);
    }
    assertThat(r.ofKind("Role").map(Rendered::namespaceOf))
        .containsExactlyInAnyOrder("team-payments", "team-data", NAMESPACE);
    assertThat(r.env("VAULTGATE_NAMESPACES").path("value").asText()).isEqualTo("team-payments,team-data");
    assertThat(rulesOf(r)).noneMatch(rule -> texts(rule.path("resources")).contains("secrets"));
    assertNoWildcards(r);
  }

  @Test
  void perNamespaceCredentialsReadSecretsOnlyInTheWatchedNamespaces() {
    Rendered r = Chart.render("""
        namespaces: [team-payments, team-data]
        perNamespaceCredentials: {enabled: true}
        """);
    assertThat(r.env("VAULTGATE_PER_NAMESPACE_CREDENTIALS").path("value").asText()).isEqualTo("true");
    List<JsonNode> secretRoles = r.objects().stream()
        .filter(o -> rulesOf(o).stream().anyMatch(rule -> texts(rule.path("resources")).contains("secrets")))
        .toList();
    assertThat(secretRoles).extracting(o -> o.path("kind").asText() + " " + Rendered.namespaceOf(o))
        .containsExactlyInAnyOrder("Role team-payments", "Role team-data");
    for (JsonNode role : secretRoles) {
      assertThat(role.path("rules")).singleElement().satisfies(rule -> {
        assertThat(texts(rule.path("apiGroups"))).containsExactly("");
        assertThat(texts(rule.path("resources"))).containsExactly("secrets");
        assertThat(texts(rule.path("verbs"))).containsExactly("get");
        assertThat(rule.has("resourceNames")).isFalse();
      });
      String ns = Rendered.namespaceOf(role);
      assertBoundToTheServiceAccount(r.get("RoleBinding", RELEASE + "-credentials", ns), "Role",
          RELEASE + "-credentials");
    }
    assertNoWildcards(r);

    Rendered named = Chart.render("""
        namespaces: [team-payments]
        perNamespaceCredentials: {enabled: true, secretNames: [azure-devops, azure-credentials]}
        """);
    assertThat(texts(named.get("Role", RELEASE + "-credentials", "team-payments").at("/rules/0/resourceNames")))
        .containsExactly("azure-devops", "azure-credentials");
  }

  @Test
  void clusterWideSecretReadNeedsAnExplicitValue() {
    assertThat(Chart.refusal("perNamespaceCredentials: {enabled: true}"))
        .contains("perNamespaceCredentials.allowClusterWideSecretRead=true");

    Rendered r = Chart.render("perNamespaceCredentials: {enabled: true, allowClusterWideSecretRead: true}");
    JsonNode role = r.get("ClusterRole", RELEASE + "-credentials", null);
    assertThat(texts(role.at("/rules/0/resources"))).containsExactly("secrets");
    assertThat(texts(role.at("/rules/0/verbs"))).containsExactly("get");
    assertBoundToTheServiceAccount(r.get("ClusterRoleBinding", RELEASE + "-credentials", null), "ClusterRole",
        RELEASE + "-credentials");
    assertNoWildcards(r);

    Rendered off = Chart.render("perNamespaceCredentials: {enabled: false, allowClusterWideSecretRead: true}");
    assertThat(rulesOf(off)).noneMatch(rule -> texts(rule.path("resources")).contains("secrets"));
  }

  // ---------------------------------------------------------------- configuration

  @Test
  void scopePolicyIsAConfigMapTheOperatorCanLoad(@TempDir Path dir) throws Exception {
    Rendered r = Chart.render("""
        scopePolicy:
          namespaces:
            team-payments:
              - /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-payments
            "*":
              - /subscriptions/00000000-0000-0000-0000-000000000009
        """);
    JsonNode configMap = r.get("ConfigMap", RELEASE + "-scope-policy", NAMESPACE);
    String file = mountedFile(r, "VAULTGATE_SCOPE_POLICY_FILE", configMap);
    Path copy = dir.resolve(file);
    Files.writeString(copy, configMap.path("data").path(file).asText());
    ScopePolicy policy = ScopePolicy.load(copy);
    assertThat(policy.allowsAll()).isFalse();
    assertThat(policy.denial("team-payments", VAULT_ID)).isEmpty();
    assertThat(policy.denial("team-data", VAULT_ID)).isPresent();
    assertThat(policy.denial("team-data", "/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/x"
        + "/providers/Microsoft.KeyVault/vaults/kv-shared")).isEmpty();

    // a changed policy restarts the pods (the operator reads it at start-up)
    Rendered changed = Chart.render("scopePolicy: {namespaces: {team-payments: [/subscriptions/x]}}");
    assertThat(changed.deployment().at("/spec/template/metadata/annotations/checksum~1scope-policy").asText())
        .isNotEmpty()
        .isNotEqualTo(r.deployment().at("/spec/template/metadata/annotations/checksum~1scope-policy").asText());
  }

  @Test
  void rangesOverrideIsAConfigMapTheOperatorCanLoad(@TempDir Path dir) throws Exception {
    String builtIn = Files.readString(Path.of("src/main/resources/io/vaultgate/ranges/azure-devops-inbound.json"));
    String edited = builtIn.replace("\"version\": \"2024-01-02\"", "\"version\": \"2099-01-01\"");
    assertThat(edited).isNotEqualTo(builtIn);
    Path valuesFile = dir.resolve("values.yaml");
    Chart.YAML.writeValue(valuesFile.toFile(), Map.of("rangesOverride", edited));
    Rendered r = Chart.render(Files.readString(valuesFile));
    JsonNode configMap = r.get("ConfigMap", RELEASE + "-ranges", NAMESPACE);
    String file = mountedFile(r, "VAULTGATE_RANGES_FILE", configMap);
    Path copy = dir.resolve(file);
    Files.writeString(copy, configMap.path("data").path(file).asText());
    InboundRangeTable table = InboundRangeFile.load(copy);
    assertThat(table.version()).isEqualTo("2099-01-01");
    assertThat(table.geographies()).isEqualTo(InboundRangeFile.builtIn().geographies());

    Rendered asObject = Chart.render("""
        rangesOverride:
          version: "2099-02-02"
          geographies:
            UnitedKingdom:
              - {region: United Kingdom South, range: 51.104.26.0/24}
        """);
    Path objectCopy = dir.resolve("object.json");
    Files.writeString(objectCopy, asObject.get("ConfigMap", RELEASE + "-ranges", NAMESPACE)
        .path("data").path(file).asText());
    assertThat(InboundRangeFile.load(objectCopy).rangesOf("UnitedKingdom")).hasValueSatisfying(
        ranges -> assertThat(ranges).singleElement().satisfies(e -> assertThat(e.range().toString())
            .isEqualTo("51.104.26.0/24")));

    assertThat(Chart.refusal("rangesOverride: '{\"version\": \"x\"'")).contains("rangesOverride must be the JSON");
  }

  @Test
  void pipelinesGetAClusterRoleToCreateWaitForAndDeleteGrantsOnly() throws Exception {
    Rendered r = Chart.renderDefaults();
    assertThat(r.get("ClusterRole", REQUESTER, null).path("rules")).isEqualTo(Chart.YAML.readTree("""
        [{"apiGroups":["vaultgate.io"],"resources":["agentipgrants"],
          "verbs":["create","get","list","watch","delete"]}]"""));
    assertThat(r.ofKind("ClusterRoleBinding").map(b -> b.at("/roleRef/name").asText()))
        .as("the chart binds it to nobody: teams bind it in their namespaces").doesNotContain(REQUESTER);
    assertThat(r.ofKind("RoleBinding").map(b -> b.at("/roleRef/name").asText())).doesNotContain(REQUESTER);
    assertNoWildcards(r);

    assertThat(Chart.render("agentIpGrants: {maxTtl: 1h, maxPerVault: 20, azureAddressesOnly: true,"
        + " requesterClusterRole: {enabled: false}}").find("ClusterRole", REQUESTER, null)).isEmpty();
  }

  @Test
  void agentIpGrantLimitsBecomeTheOperatorsEnvironment() {
    Rendered defaults = Chart.renderDefaults();
    assertThat(defaults.env("VAULTGATE_AGENT_IP_GRANT_MAX_TTL").path("value").asText()).isEqualTo("1h");
    assertThat(defaults.env("VAULTGATE_AGENT_IP_GRANT_MAX_PER_VAULT").path("value").asText()).isEqualTo("20");
    assertThat(defaults.env("VAULTGATE_AGENT_IP_GRANT_AZURE_ADDRESSES_ONLY").path("value").asText())
        .isEqualTo("true");
    Rendered r = Chart.render("agentIpGrants: {maxTtl: 30m, maxPerVault: 5, azureAddressesOnly: false,"
        + " requesterClusterRole: {enabled: true}}");
    assertThat(r.env("VAULTGATE_AGENT_IP_GRANT_MAX_TTL").path("value").asText()).isEqualTo("30m");
    assertThat(r.env("VAULTGATE_AGENT_IP_GRANT_MAX_PER_VAULT").path("value").asText()).isEqualTo("5");
    assertThat(r.env("VAULTGATE_AGENT_IP_GRANT_AZURE_ADDRESSES_ONLY").path("value").asText()).isEqualTo("false");
  }

  @Test
  void valuesBecomeTheOperatorsEnvironment() {
    Rendered r = Chart.render("""
        resyncInterval: PT30M
        slowRetryInterval: 90s
        logFormat: json
        logLevel: DEBUG
        azure:
          armEndpoint: https://management.usgovcloudapi.net/
          graphEndpoint: https://graph.microsoft.us/
          devOpsEndpoint: https://dev.azure.com/
        image: {repository: registry.example.com/platform/vaultgate, tag: 0.2.0, pullPolicy: Always}
        extraEnv:
          - {name: AZURE_CLIENT_ID, value: 11111111-2222-3333-4444-555555555555}
        """);
    assertThat(r.env("VAULTGATE_RESYNC_INTERVAL").path("value").asText()).isEqualTo("PT30M");
    assertThat(r.env("VAULTGATE_SLOW_RETRY_INTERVAL").path("value").asText()).isEqualTo("90s");
    assertThat(r.env("VAULTGATE_LOG_FORMAT").path("value").asText()).isEqualTo("json");
    assertThat(r.env("VAULTGATE_LOG_LEVEL").path("value").asText()).isEqualTo("DEBUG");
    assertThat(r.env("VAULTGATE_ARM_ENDPOINT").path("value").asText())
        .isEqualTo("https://management.usgovcloudapi.net/");
    assertThat(r.env("VAULTGATE_GRAPH_ENDPOINT").path("value").asText()).isEqualTo("https://graph.microsoft.us/");
    assertThat(r.env("VAULTGATE_DEVOPS_ENDPOINT").path("value").asText()).isEqualTo("https://dev.azure.com/");
    assertThat(r.env("AZURE_CLIENT_ID").path("value").asText()).isEqualTo("11111111-2222-3333-4444-555555555555");
    assertThat(r.container().path("image").asText()).isEqualTo("registry.example.com/platform/vaultgate:0.2.0");
    assertThat(r.container().path("imagePullPolicy").asText()).isEqualTo("Always");

    String digest = "sha256:" + "ab".repeat(32);
    assertThat(Chart.render("image: {repository: vaultgate, digest: " + digest + ", pullPolicy: IfNotPresent}")
        .container().path("image").asText()).isEqualTo("vaultgate@" + digest);
  }

  @Test
  void workloadIdentityAnnotatesTheServiceAccountAndLabelsThePods() {
    Rendered none = Chart.renderDefaults();
    assertThat(none.get("ServiceAccount", RELEASE, NAMESPACE).at("/metadata/annotations").isMissingNode()).isTrue();
    assertThat(none.deployment().at("/spec/template/metadata/labels").has("azure.workload.identity/use")).isFalse();

    Rendered r = Chart.render("""
        workloadIdentity:
          clientId: 0a1b2c3d-0000-4000-8000-000000000001
          tenantId: 0a1b2c3d-0000-4000-8000-000000000002
        """);
    JsonNode annotations = r.get("ServiceAccount", RELEASE, NAMESPACE).at("/metadata/annotations");
    assertThat(annotations.path("azure.workload.identity/client-id").asText())
        .isEqualTo("0a1b2c3d-0000-4000-8000-000000000001");
    assertThat(annotations.path("azure.workload.identity/tenant-id").asText())
        .isEqualTo("0a1b2c3d-0000-4000-8000-000000000002");
    assertThat(r.deployment().at("/spec/template/metadata/labels/azure.workload.identity~1use").asText())
        .isEqualTo("true");
    assertThat(r.podSpec().path("serviceAccountName").asText()).isEqualTo(RELEASE);
  }

  @Test
  void metricsServiceAndServiceMonitorSelectThePods() {
    Rendered r = Chart.render("""
        metrics:
          service: {enabled: true, port: 8080}
          serviceMonitor: {enabled: true, interval: 15s, labels: {release: kube-prometheus-stack}}
        """);
    JsonNode service = r.get("Service", RELEASE + "-metrics", NAMESPACE);
    assertThat(service.at("/spec/selector")).isEqualTo(r.deployment().at("/spec/selector/matchLabels"));
    JsonNode servicePort = service.at("/spec/ports/0");
    assertThat(servicePort.path("targetPort").asText()).isEqualTo("http");
    JsonNode monitor = r.get("ServiceMonitor", RELEASE, NAMESPACE);
    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
        assertThat(service.at("/metadata/labels").path(label.getKey()).asText()).as(label.getKey())
            .isEqualTo(label.getValue().asText()));
    assertThat(texts(monitor.at("/spec/namespaceSelector/matchNames"))).containsExactly(NAMESPACE);
    JsonNode endpoint = monitor.at("/spec/endpoints/0");
    assertThat(endpoint.path("port").asText()).isEqualTo(servicePort.path("name").asText());
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(endpoint.path("interval").asText()).isEqualTo("15s");

    Rendered off = Chart.render("metrics: {service: {enabled: false}, serviceMonitor: {enabled: false}}");
    assertThat(off.ofKind("Service")).isEmpty();
    assertThat(off.ofKind("ServiceMonitor")).isEmpty();
    assertThat(Chart.refusal("metrics: {service: {enabled: false}, serviceMonitor: {enabled: true}}"))
        .contains("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }

  @Test
  void schedulingValuesReachThePods() {
    Rendered r = Chart.render("""
        replicas: 3
        priorityClassName: system-cluster-critical
        nodeSelector: {kubernetes.io/os: linux}
        tolerations: [{key: dedicated, operator: Equal, value: platform, effect: NoSchedule}]
        podAnnotations: {example.com/team: platform}
        podLabels: {example.com/cost-center: "42"}
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms: [{matchExpressions: [{key: agentpool, operator: In, values: [system]}]}]
        """);
    assertThat(r.deployment().at("/spec/replicas").asInt()).isEqualTo(3);
    JsonNode pod = r.podSpec();
    assertThat(pod.path("priorityClassName").asText()).isEqualTo("system-cluster-critical");
    assertThat(pod.at("/nodeSelector/kubernetes.io~1os").asText()).isEqualTo("linux");
    assertThat(pod.at("/tolerations/0/key").asText()).isEqualTo("dedicated");
    assertThat(pod.at("/affinity/nodeAffinity").isMissingNode()).isFalse();
    assertThat(pod.at("/affinity/podAntiAffinity").isMissingNode()).as("the given affinity replaces the default")
        .isTrue();
    JsonNode template = r.deployment().at("/spec/template/metadata");
    assertThat(template.at("/annotations/example.com~1team").asText()).isEqualTo("platform");
    assertThat(template.at("/labels/example.com~1cost-center").asText()).isEqualTo("42");
  }

  @Test
  void extraVolumesAreMountedReadOnly() {
    Rendered r = Chart.render("""
        extraVolumes:
          - name: team-tokens
            projected:
              sources: [{serviceAccountToken: {path: team-payments, audience: api://AzureADTokenExchange}}]
        extraVolumeMounts:
          - {name: team-tokens, mountPath: /var/run/secrets/vaultgate/tokens}
        """);
    assertThat(volume(r, "team-tokens").at("/projected/sources/0/serviceAccountToken/path").asText())
        .isEqualTo("team-payments");
    assertThat(r.container().path("volumeMounts")).anySatisfy(m -> {
      assertThat(m.path("name").asText()).isEqualTo("team-tokens");
      assertThat(m.path("mountPath").asText()).isEqualTo("/var/run/secrets/vaultgate/tokens");
      assertThat(m.path("readOnly").asBoolean()).isTrue();
    });
    assertThat(Chart.refusal("extraVolumeMounts: [{name: x, mountPath: /x, readOnly: false}]"))
        .contains("extraVolumeMounts.0.readOnly");
  }

  @Test
  void installNotesNameTheFederatedCredentialSubjectAndWarnWithoutAScopePolicy() {
    String defaults = Chart.notes("{}");
    assertThat(defaults).contains("subject system:serviceaccount:" + NAMESPACE + ":" + RELEASE)
        .contains("WARNING: no scopePolicy is set")
        .contains("Watching: all namespaces.")
        .contains("bind the ClusterRole\n" + REQUESTER + " with a RoleBinding");
    String configured = Chart.notes("""
        namespaces: [team-payments]
        serviceAccount: {name: vaultgate-operator}
        workloadIdentity: {clientId: 0a1b2c3d-0000-4000-8000-000000000001}
        scopePolicy: {namespaces: {team-payments: [/subscriptions/x]}}
        """);
    assertThat(configured).contains("subject system:serviceaccount:" + NAMESPACE + ":vaultgate-operator")
        .contains("client id 0a1b2c3d-0000-4000-8000-000000000001")
        .contains("Watching: team-payments.")
        .doesNotContain("WARNING");
  }

  // ---------------------------------------------------------------- versions

  @Test
  void appVersionIsTheMavenProjectsRelease() throws Exception {
    Matcher version = Pattern.compile("<artifactId>vaultgate</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(version.find()).isTrue();
    assertThat(appVersion()).as("helm/vaultgate/Chart.yaml appVersion (the default image tag) follows pom.xml")
        .isEqualTo(version.group(1).replace("-SNAPSHOT", ""));
  }

  @Test
  void theImageBuildPutsTheJarWhereTheChartRunsIt() throws Exception {
    String dockerfile = Files.readString(Path.of("operator/Dockerfile"));
    // the image carries the operator-only jar (ImageJarIT checks what it holds), under the name the chart runs
    assertThat(dockerfile).containsPattern("(?m)^COPY .*target/vaultgate-operator\\.jar /app/vaultgate\\.jar$")
        .containsPattern("(?m)^USER 65532(:65532)?$")
        .contains("\"-jar\", \"/app/vaultgate.jar\"]");
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>vaultgate</finalName>")
        .contains("<outputFile>${project.build.directory}/vaultgate-operator.jar</outputFile>");
    // the build context excludes everything but what the image copies
    assertThat(Files.readAllLines(Path.of("operator/Dockerfile.dockerignore")))
        .contains("!target/vaultgate-operator.jar");
    assertThat(texts(Chart.renderDefaults().container().path("command"))).contains("/app/vaultgate.jar");
  }

  // ---------------------------------------------------------------- helpers

  static String appVersion() {
    try {
      return Chart.YAML.readTree(Chart.DIR.resolve("Chart.yaml").toFile()).path("appVersion").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<JsonNode> rulesOf(Rendered r) {
    List<JsonNode> rules = new ArrayList<>();
    r.objects().forEach(o -> rules.addAll(rulesOf(o)));
    return rules;
  }

  static List<JsonNode> rulesOf(JsonNode object) {
    List<JsonNode> rules = new ArrayList<>();
    if (Set.of("Role", "ClusterRole").contains(object.path("kind").asText())) {
      object.path("rules").forEach(rules::add);
    }
    return rules;
  }

  static void assertNoWildcards(Rendered r) {
    List<JsonNode> rules = rulesOf(r);
    assertThat(rules).isNotEmpty();
    for (JsonNode rule : rules) {
      for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs")) {
        assertThat(texts(rule.path(field))).as("%s of %s", field, rule).noneMatch(v -> v.contains("*"));
      }
      // delete only for the pipelines' own grants: the operator itself deletes nothing in Kubernetes
      Set<String> verbs = texts(rule.path("resources")).equals(List.of("agentipgrants"))
          && !texts(rule.path("verbs")).contains("update")
          ? Set.of("get", "list", "watch", "create", "delete")
          : Set.of("get", "list", "watch", "create", "update", "patch");
      assertThat(texts(rule.path("verbs"))).as("%s", rule).isNotEmpty().allMatch(verbs::contains);
    }
    assertThat(r.ofKind("ClusterRole")).allSatisfy(role -> assertThat(role.has("aggregationRule")).isFalse());
  }

  static void assertBoundToTheServiceAccount(JsonNode binding, String roleKind, String roleName) {
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo(roleKind);
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(roleName);
    assertThat(binding.path("subjects")).singleElement().satisfies(s -> {
      assertThat(s.path("kind").asText()).isEqualTo("ServiceAccount");
      assertThat(s.path("name").asText()).isEqualTo(RELEASE);
      assertThat(s.path("namespace").asText()).isEqualTo(NAMESPACE);
    });
  }

  static JsonNode volume(Rendered r, String name) {
    for (JsonNode v : r.podSpec().path("volumes")) {
      if (name.equals(v.path("name").asText())) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name + " in " + r.podSpec().path("volumes"));
  }

  /**
   * The file name under which the ConfigMap reaches the operator: the environment variable names a file in a
   * read-only mount of exactly this ConfigMap.
   */
  static String mountedFile(Rendered r, String envName, JsonNode configMap) {
    Path file = Path.of(r.env(envName).path("value").asText());
    Map<String, JsonNode> mounts = new TreeMap<>();
    r.container().path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m));
    JsonNode mount = mounts.get(file.getParent().toString());
    assertThat(mount).as("a volume mounted at %s", file.getParent()).isNotNull();
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    assertThat(volume(r, mount.path("name").asText()).at("/configMap/name").asText())
        .isEqualTo(configMap.at("/metadata/name").asText());
    String key = file.getFileName().toString();
    assertThat(configMap.path("data").has(key)).as("ConfigMap key %s", key).isTrue();
    return key;
  }
}
