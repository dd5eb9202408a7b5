package io.vaultgate.sandbox;

import static io.vaultgate.sandbox.PrinterPathTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vaultgate.api.PrivateVaultAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-side Tables as kubectl receives them, from the CRD's printer columns and for the core objects. */
class TablesTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:40Z");

  static ApiResource pva() throws Exception {
    CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(
        Files.readString(Path.of("crds/privatevaultaccesses.vaultgate.io-v1.yml")), CustomResourceDefinition.class);
    return ApiCatalog.fromCrd(crd).get(0);
  }

  static final JsonNode CONVERGED = json("""
      {"apiVersion": "vaultgate.io/v1alpha1", "kind": "PrivateVaultAccess",
       "metadata": {"name": "payments-pipelines", "namespace": "team-payments",
                    "creationTimestamp": "2026-03-01T12:00:00Z"},
       "spec": {"mode": "Apply", "devOps": {"geography": "UnitedStates"}},
       "status": {"vaultName": "kv-payments", "conditions": [
         {"type": "Ready", "status": "True", "reason": "Converged"},
         {"type": "Stalled", "status": "False", "reason": "Converged"}]}}""");

  static final JsonNode NEW = json("""
      {"metadata": {"name": "fresh", "namespace": "team-payments", "creationTimestamp": "2026-03-01T11:00:00Z"},
       "spec": {"devOps": {"geography": "Europe"}}}""");

  static List<String> names(ObjectNode table) {
    List<String> names = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  @Test
  void customResourceColumnsComeFromTheCrdInItsOrder() throws Exception {
    ObjectNode table = Tables.table(pva(), List.of(CONVERGED, NEW), "42", Tables.Include.Metadata, true, NOW);

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("42");
    assertThat(names(table)).containsExactly("Name", "Vault", "Geography", "Mode", "Ready", "Reason", "Age");
    assertThat(table.path("columnDefinitions").get(0).path("format").asText()).isEqualTo("name");
    assertThat(table.path("columnDefinitions").get(6).path("type").asText()).isEqualTo("date");
    assertThat(table.path("rows").get(0).path("cells").toString())
        .isEqualTo("[\"payments-pipelines\",\"kv-payments\",\"UnitedStates\",\"Apply\",\"True\",\"Converged\","
            + "\"40s\"]");
    assertThat(table.path("rows").get(1).path("cells").toString())
        .isEqualTo("[\"fresh\",null,\"Europe\",null,null,null,\"60m\"]");
    JsonNode object = table.path("rows").get(0).path("object");
    assertThat(object.path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(object.path("metadata").path("namespace").asText()).isEqualTo("team-payments");
  }

  @Test
  void rowsCarryTheWholeObjectOrNothingWhenAsked() throws Exception {
    assertThat(Tables.table(pva(), List.of(CONVERGED), null, Tables.Include.Object, true, NOW)
        .path("rows").get(0).path("object")).isEqualTo(CONVERGED);
    assertThat(Tables.table(pva(), List.of(CONVERGED), null, Tables.Include.None, true, NOW)
        .path("rows").get(0).has("object")).isFalse();
    assertThat(Tables.table(pva(), List.of(CONVERGED), null, Tables.Include.Metadata, false, NOW)
        .path("columnDefinitions")).isEmpty();
  }

  @Test
  void printedAsKubectlPrintsIt() throws Exception {
    String text = Tables.text(Tables.table(pva(), List.of(CONVERGED, NEW), null, Tables.Include.Metadata, true, NOW),
        true);
    assertThat(text).isEqualTo("""
        NAMESPACE       NAME                 VAULT         GEOGRAPHY      MODE     READY    REASON      AGE
        team-payments   payments-pipelines   kv-payments   UnitedStates   Apply    True     Converged   40s
        team-payments   fresh                <none>        Europe         <none>   <none>   <none>      60m
        """);
  }

  @Test
  void coreObjectsHaveTheirUsualColumns() {
    ApiResource namespaces = ApiCatalog.CORE.get(0);
    ApiResource events = ApiCatalog.CORE.get(1);
    ApiResource secrets = ApiCatalog.CORE.get(2);
    JsonNode event = json("""
        {"metadata": {"name": "e1", "namespace": "team-payments"}, "type": "Warning", "reason": "InvalidSpec",
         "message": "spec.devOps.geography: required", "count": 3,
         "firstTimestamp": "2026-03-01T11:58:40Z", "lastTimestamp": "2026-03-01T12:00:00Z",
         "involvedObject": {"kind": "PrivateVaultAccess", "name": "payments-pipelines"}}""");
    ObjectNode table = Tables.table(events, List.of(event), null, Tables.Include.Metadata, true, NOW);
    assertThat(names(table)).containsExactly("Last Seen", "Type", "Reason", "Object", "Message", "Count", "Name");
    assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"40s (x3 over 2m)\",\"Warning\","
        + "\"InvalidSpec\",\"privatevaultaccess/payments-pipelines\",\"spec.devOps.geography: required\","
        + "\"3\",\"e1\"]");

    JsonNode namespace = json("""
        {"metadata": {"name": "team-payments", "creationTimestamp": "2026-03-01T12:00:00Z"}}""");
    assertThat(Tables.table(namespaces, List.of(namespace), null, Tables.Include.Metadata, true, NOW)
        .path("rows").get(0).path("cells").toString()).isEqualTo("[\"team-payments\",\"Active\",\"40s\"]");

    JsonNode secret = json("""
        {"metadata": {"name": "azure-devops", "creationTimestamp": "2026-03-01T12:00:00Z"},
         "type": "Opaque", "data": {"azureDevOpsPat": "c2VjcmV0"}}""");
    assertThat(Tables.table(secrets, List.of(secret), null, Tables.Include.Metadata, true, NOW)
        .path("rows").get(0).path("cells").toString()).isEqualTo("[\"azure-devops\",\"Opaque\",1,\"40s\"]");
  }
}
