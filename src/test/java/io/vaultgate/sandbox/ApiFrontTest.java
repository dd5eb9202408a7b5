package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vaultgate.api.Condition;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.PrivateVaultAccessStatus;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer kubectl talks to, over HTTP as kubectl uses it: discovery documents from the installed CRD, Tables,
 * field selectors, typed lists, NotFound statuses, strategic merge patches and chunked watches.
 */
class ApiFrontTest {

  static EmbeddedKubernetes api;
  static KubernetesClient client;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String NS = "team-payments";

  @BeforeAll
  static void start() {
    api = EmbeddedKubernetes.start(List.of("default", NS));
    client = api.client();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  record Response(int status, String contentType, JsonNode body) {
  }

  static Response send(String method, String path, String accept, String contentType, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
        response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body()));
  }

  static JsonNode get(String path) throws Exception {
    Response response = send("GET", path, "application/json", null, null);
    assertThat(response.status()).as(path).isEqualTo(200);
    return response.body();
  }

  static PrivateVaultAccess converged(String name) {
    PrivateVaultAccess r = new PrivateVaultAccess();
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(NS);
    r.setSpec(new PrivateVaultAccessSpec());
    r.getSpec().mode = "Apply";
    r.getSpec().devOps = new PrivateVaultAccessSpec.DevOpsSpec();
    r.getSpec().devOps.geography = "UnitedStates";
    PrivateVaultAccess created = client.resource(r).create();
    created.setStatus(new PrivateVaultAccessStatus());
    created.getStatus().vaultName = "kv-payments";
    created.getStatus().conditions.add(new Condition("Ready", "True", null, "Converged", "", 1L, null));
    return client.resource(created).updateStatus();
  }

  @Test
  void versionAndCoreDiscovery() throws Exception {
    assertThat(get("/version").path("gitVersion").asText()).startsWith("v1.");
    assertThat(get("/api").path("versions").toString()).isEqualTo("[\"v1\"]");
    JsonNode core = get("/api/v1");
    assertThat(core.path("kind").asText()).isEqualTo("APIResourceList");
    List<String> names = new ArrayList<>();
    core.path("resources").forEach(r -> names.add(r.path("name").asText() + ":" + r.path("namespaced").asBoolean()));
    assertThat(names).contains("namespaces:false", "events:true", "secrets:true");
  }

  @Test
  void customResourceDiscoveryComesFromTheInstalledCrd() throws Exception {
    JsonNode groups = get("/apis");
    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    assertThat(groups.findValuesAsText("groupVersion")).contains("vaultgate.io/v1alpha1");
    assertThat(get("/apis/vaultgate.io").path("preferredVersion").path("version").asText()).isEqualTo("v1alpha1");

    JsonNode list = get("/apis/vaultgate.io/v1alpha1");
    assertThat(list.path("groupVersion").asText()).isEqualTo("vaultgate.io/v1alpha1");
    JsonNode pva = resource(list, "privatevaultaccesses");
    assertThat(pva.path("singularName").asText()).isEqualTo("privatevaultaccess");
    assertThat(pva.path("kind").asText()).isEqualTo("PrivateVaultAccess");
    assertThat(pva.path("namespaced").asBoolean()).isTrue();
    assertThat(pva.path("shortNames").toString()).isEqualTo("[\"pva\"]");
    assertThat(pva.path("categories").toString()).isEqualTo("[\"vaultgate\"]");
    assertThat(pva.path("verbs").toString()).contains("\"watch\"", "\"patch\"", "\"create\"", "\"delete\"");
    assertThat(resource(list, "privatevaultaccesses/status").path("kind").asText()).isEqualTo("PrivateVaultAccess");
    JsonNode grants = resource(list, "agentipgrants");
    assertThat(grants.path("kind").asText()).isEqualTo("AgentIpGrant");
    assertThat(grants.path("shortNames").toString()).isEqualTo("[\"aig\"]");
    assertThat(grants.path("categories").toString()).isEqualTo("[\"vaultgate\"]");
    assertThat(resource(list, "agentipgrants/status").path("kind").asText()).isEqualTo("AgentIpGrant");
    assertThat(send("GET", "/apis/nothing.example.com/v1", null, null, null).status()).isEqualTo(404);
  }

  static JsonNode resource(JsonNode list, String name) {
    for (JsonNode r : list.path("resources")) {
      if (name.equals(r.path("name").asText())) {
        return r;
      }
    }
    throw new AssertionError("no resource " + name + " in " + list);
  }

  @Test
  void theInstalledCrdsAreTheCheckedInOnes() throws Exception {
    assertThat(EmbeddedKubernetes.CRD_RESOURCES).hasSize(2);
    for (String resource : EmbeddedKubernetes.CRD_RESOURCES) {
      String checkedIn = Files.readString(Path.of("crds", Path.of(resource).getFileName().toString()));
      try (InputStream packaged = EmbeddedKubernetes.class.getResourceAsStream(resource)) {
        assertThat(new String(packaged.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(checkedIn);
      }
    }
  }

  @Test
  void getAsTableRendersThePrinterColumns() throws Exception {
    converged("tabled");
    Response list = send("GET", "/apis/vaultgate.io/v1alpha1/namespaces/" + NS + "/privatevaultaccesses?limit=500",
        Tables.MEDIA_TYPE + ",application/json", null, null);
    assertThat(list.contentType()).startsWith("application/json;as=Table");
    assertThat(list.body().findValuesAsText("name")).containsSequence("Name", "Vault", "Geography", "Mode", "Ready",
        "Reason", "Age");
    JsonNode row = null;
    for (JsonNode r : list.body().path("rows")) {
      if (r.path("cells").get(0).asText().equals("tabled")) {
        row = r;
      }
    }
    assertThat(row).as("the row of the object").isNotNull();
    assertThat(row.path("cells").get(1).asText()).isEqualTo("kv-payments");
    assertThat(row.path("cells").get(5).asText()).isEqualTo("Converged");
    assertThat(row.path("object").path("metadata").path("namespace").asText()).isEqualTo(NS);

    Response one = send("GET", "/apis/vaultgate.io/v1alpha1/namespaces/" + NS + "/privatevaultaccesses/tabled",
        Tables.MEDIA_TYPE, null, null);
    assertThat(one.body().path("rows")).hasSize(1);
  }

  @Test
  void listsAreTypedAndFilteredByAnyFieldSelector() throws Exception {
    for (String name : List.of("one", "two")) {
      client.v1().events().inNamespace(NS).resource(new EventBuilder().withNewMetadata().withName("e-" + name)
          .endMetadata().withNewInvolvedObject().withKind("PrivateVaultAccess").withName(name).withNamespace(NS)
          .endInvolvedObject().withReason("FirewallUpdated").build()).create();
    }
    JsonNode events = get("/api/v1/namespaces/" + NS + "/events?fieldSelector="
        + "involvedObject.name%3Done%2CinvolvedObject.kind%3DPrivateVaultAccess&limit=500");
    assertThat(events.path("kind").asText()).isEqualTo("EventList");
    assertThat(events.path("items")).hasSize(1);
    assertThat(events.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("e-one");
  }

  @Test
  void missingObjectsAreNotFoundStatuses() throws Exception {
    Response missing = send("GET", "/apis/vaultgate.io/v1alpha1/namespaces/" + NS + "/privatevaultaccesses/nope",
        "application/json", null, null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("kind").asText()).isEqualTo("Status");
    assertThat(missing.body().path("reason").asText()).isEqualTo("NotFound");
    assertThat(missing.body().path("message").asText())
        .isEqualTo("privatevaultaccesses.vaultgate.io \"nope\" not found");
  }

  @Test
  void strategicMergePatchesOfCoreObjectsAreApplied() throws Exception {
    Response patched = send("PATCH", "/api/v1/namespaces/default", "application/json",
        "application/strategic-merge-patch+json", """
            {"metadata": {"labels": {"team": "payments"}, "$setElementOrder/finalizers": []}}""");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(client.namespaces().withName("default").get().getMetadata().getLabels())
        .containsEntry("team", "payments");

    Response refused = send("PATCH", "/api/v1/namespaces/default", "application/json",
        "application/strategic-merge-patch+json", "{\"metadata\": {\"$patch\": \"replace\"}}");
    assertThat(refused.status()).isEqualTo(415);
  }

  @Test
  void customResourcesAreAdmittedWithTheirSchemaDefaultsAndUnknownFieldsAreRefusedWhenStrict() throws Exception {
    String collection = "/apis/vaultgate.io/v1alpha1/namespaces/" + NS + "/privatevaultaccesses";
    String manifest = """
        {"apiVersion": "vaultgate.io/v1alpha1", "kind": "PrivateVaultAccess",
         "metadata": {"name": "%s", "namespace": "team-payments"},
         "spec": {"devOps": {"geography": "Europe"}, "network": {}, "colour": "blue"}}""";

    Response strict = send("POST", collection + "?fieldValidation=Strict", "application/json", "application/json",
        manifest.formatted("strict"));
    assertThat(strict.status()).isEqualTo(400);
    assertThat(strict.body().path("message").asText()).endsWith("strict decoding error: unknown field \"spec.colour\"");
    assertThat(client.resources(PrivateVaultAccess.class).inNamespace(NS).withName("strict").get()).isNull();

    Response lenient = send("POST", collection, "application/json", "application/json", manifest.formatted("lenient"));
    assertThat(lenient.status()).isEqualTo(201);
    PrivateVaultAccess stored = client.resources(PrivateVaultAccess.class).inNamespace(NS).withName("lenient").get();
    assertThat(stored.getSpec().mode).as("the CRD's default").isEqualTo("Apply");
    assertThat(stored.getSpec().network.azureDevOpsInbound).isTrue();
    assertThat(get(collection + "/lenient").path("spec").has("colour")).as("pruned").isFalse();

    Response patched = send("PATCH", collection + "/lenient?fieldValidation=Strict", "application/json",
        "application/merge-patch+json", "{\"spec\": {\"network\": {\"firewall\": {}}}}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body().path("spec").path("network").path("firewall").path("defaultAction").asText())
        .isEqualTo("Keep");
  }

  @Test
  void dryRunsAreRefusedRatherThanStored() throws Exception {
    Response dryRun = send("POST", "/api/v1/namespaces/" + NS + "/secrets?dryRun=All", "application/json",
        "application/json", "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"tried\"}}");
    assertThat(dryRun.status()).isEqualTo(400);
    assertThat(client.secrets().inNamespace(NS).withName("tried").get()).isNull();
  }

  @Test
  void watchesStreamChangesAfterTheListedVersionOverChunkedHttp() throws Exception {
    converged("watched-before");
    String listVersion = get("/apis/vaultgate.io/v1alpha1/namespaces/" + NS + "/privatevaultaccesses")
        .path("metadata").path("resourceVersion").asText();
    HttpRequest watch = HttpRequest.newBuilder(URI.create(api.url() + "/apis/vaultgate.io/v1alpha1/namespaces/" + NS
        + "/privatevaultaccesses?watch=true&resourceVersion=" + listVersion + "&timeoutSeconds=20")).build();
    HttpResponse<InputStream> stream = HTTP.send(watch, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      converged("watched-after");
      JsonNode first = Json.MAPPER.readTree(lines.readLine());
      assertThat(first.path("type").asText()).isEqualTo("ADDED");
      assertThat(first.path("object").path("metadata").path("name").asText())
          .as("objects the client listed already are not replayed").isEqualTo("watched-after");
      JsonNode second = Json.MAPPER.readTree(lines.readLine());
      assertThat(second.path("type").asText()).isEqualTo("MODIFIED");
      assertThat(second.path("object").path("status").path("vaultName").asText()).isEqualTo("kv-payments");
    }
  }
}
