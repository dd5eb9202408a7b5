package io.vaultgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.regex.RegularExpression;
import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.AgentIpGrantSpec;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.model.MessageText;
import io.vaultgate.ranges.InboundRangeFile;
import io.vaultgate.validate.GrantValidator;
import io.vaultgate.validate.SpecValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The operator refuses exactly what the CRD's schema refuses. Generated from {@code crds/*.yml}: every property of
 * each kind's spec schema with a pattern, enum, length, item count, bound or required flag gets values the schema
 * accepts and values it refuses (lengths from empty to past every limit, each forbidden or unprintable character at
 * the start, middle and end, leading and trailing blanks, other cases, off-enum values, item counts around the
 * limits, the property removed), each set into an otherwise valid spec, and the schema's verdict (a JSON Schema
 * validator reading the CRD as the API server reads it) is compared with the operator's validation at its edge
 * ({@link SpecMapping}, {@link Grants#input}).
 *
 * <p>Where the schema refuses, the operator refuses and names the field. Where it accepts, so does the operator,
 * except for the rules only the operator can judge ({@link #OPERATOR_ONLY}, the README's list).
 */
class SchemaAgreementTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String VAULT = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app"
      + "/providers/Microsoft.KeyVault/vaults/kv-payments";
  static final String SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net"
      + "/providers/Microsoft.Network/virtualNetworks/vnet-agents/subnets/agents";
  static final String ZONE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns"
      + "/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net";
  static final String IDENTITY = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-id"
      + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pipelines";

  /** Valid specs using every field; a field is probed in each baseline that gives it a value of its own. */
  static final List<String> ACCESS_BASELINES = List.of("""
      mode: Apply
      vault: {resourceId: %1$s, permissionModel: Auto}
      devOps: {organization: contoso, project: payments, geography: UnitedStates}
      identity: {applicationClientId: 6b0b2e4c-1a3d-4e5f-8a9b-0c1d2e3f4a5b, readerOnSubscription: false}
      serviceConnection: {name: kv-payments, scope: Subscription, authorizeAllPipelines: true}
      variableGroup: {name: payments-secrets, secrets: [dbPassword, apiKey], authorizeAllPipelines: true}
      network:
        azureDevOpsInbound: true
        additionalIpRanges: [131.107.2.0/24, 52.1.2.3]
        firewall: {defaultAction: Keep, publicNetworkAccess: Keep}
        selfHostedAgents:
          subnetIds: [%2$s]
          enableServiceEndpoint: false
          privateEndpoint: {subnetId: %2$s, privateDnsZone: Create, manualApproval: false}
      agents: {type: Both, allowIpGrants: true}
      credentialsSecretRef: {name: azure-devops}
      """, """
      vault: {resourceId: %1$s}
      devOps: {organization: contoso, project: payments, geography: Europe}
      identity: {userAssignedIdentityId: %3$s}
      network:
        selfHostedAgents:
          privateEndpoint: {subnetId: %2$s, privateDnsZone: %4$s}
      """).stream().map(yaml -> yaml.formatted(VAULT, SUBNET, IDENTITY, ZONE)).toList();

  static final String GRANT_BASELINE = """
      accessRef: {name: payments-pipelines, namespace: team-payments}
      ipAddress: 52.168.77.41
      ttl: 15m
      """;

  /** Distinct valid items for each array the schema bounds, so that a list of any length is valid but for its size. */
  static final Map<String, IntFunction<String>> DISTINCT_ITEMS = Map.of(
      "spec.network.additionalIpRanges", i -> "131.107." + (i / 256) + "." + (i % 256),
      "spec.network.selfHostedAgents.subnetIds", i -> SUBNET + i,
      "spec.variableGroup.secrets", i -> "secret-" + i);

  /**
   * What the operator refuses beyond the schema (README, "Validation happens twice"): private and reserved ranges,
   * wide prefixes, host bits, duplicates, the operator's longest grant, another namespace, and the reserved project
   * names (in the CRD as a CEL rule, which a JSON Schema validator does not read).
   */
  static final List<String> OPERATOR_ONLY = List.of(" is in ", " is wider than /", " has host bits set",
      " duplicates ", " is listed twice", " is a name Azure DevOps reserves", "this operator's maximum",
      "in its own namespace");

  /**
   * Inserted at the start, in the middle and at the end of a value: every character a pattern forbids somewhere,
   * blanks, control, format and separator characters, a character outside the Basic Multilingual Plane, and a
   * letter, a digit and punctuation that some patterns allow.
   */
  static final List<String> PROBES = List.of("\\", "/", ":", "*", "?", "\"", "<", ">", ";", "#", "$", "{", "}", ",",
      "+", "=", "[", "]", "|", "~", "&", "%", "@", "'", "!", "^", "(", ")", "_", ".", "-", " ", "  ", "\t", "\n",
      "\r", "\u0000", "\u0001", "\u0007", "\u001f", "\u007f", "\u0085", "\u009f", "\u00a0", "\u200b", "\u2028",
      "\u3000", "\ufeff", "é", "😀", "A", "z", "7", "0");

  /** One spec with one field changed, and how. */
  record Case(String field, String change, JsonNode spec) {
  }

  /** The verdicts on one case. */
  record Verdict(Case c, boolean schemaAccepts, List<String> operatorProblems) {
    boolean agrees() {
      List<String> mine = operatorProblems.stream().filter(p -> p.startsWith(c.field())).toList();
      if (!schemaAccepts) {
        return !mine.isEmpty();
      }
      return operatorProblems.stream().allMatch(p -> mine.contains(p) && OPERATOR_ONLY.stream().anyMatch(p::contains));
    }

    @Override
    public String toString() {
      return c.field() + " " + MessageText.printable(c.change(), 200) + ": schema " + (schemaAccepts ? "accepts"
          : "refuses") + ", operator " + (operatorProblems.isEmpty() ? "accepts" : MessageText.printable(
          String.join("; ", operatorProblems), 400));
    }
  }

  /** A kind: its schema's verdict and the operator's, on a spec. */
  record Kind(String name, Schema schema, JsonNode specSchema, List<JsonNode> baselines,
      Function<JsonNode, List<String>> operator) {
    boolean schemaAccepts(JsonNode spec) {
      return schema.validate(spec).isEmpty();
    }
  }

  static Kind access() throws IOException {
    JsonNode schema = specSchema("privatevaultaccesses.vaultgate.io-v1.yml");
    return new Kind("PrivateVaultAccess", compile(schema), schema, yaml(ACCESS_BASELINES), spec -> {
      SpecValidator.Result r = SpecValidator.validate(SpecMapping.input(JSON.convertValue(spec,
          PrivateVaultAccessSpec.class)), null, InboundRangeFile.builtIn());
      return r instanceof SpecValidator.Invalid i ? i.problems() : List.of();
    });
  }

  static Kind grant() throws IOException {
    JsonNode schema = specSchema("agentipgrants.vaultgate.io-v1.yml");
    return new Kind("AgentIpGrant", compile(schema), schema, yaml(List.of(GRANT_BASELINE)), spec -> {
      AgentIpGrant g = new AgentIpGrant();
      g.getMetadata().setNamespace("team-payments");
      g.setSpec(JSON.convertValue(spec, AgentIpGrantSpec.class));
      GrantValidator.Result r = GrantValidator.validate(Grants.input(g), Duration.ofHours(1));
      return r instanceof GrantValidator.Invalid i ? i.problems() : List.of();
    });
  }

  @TestFactory
  Stream<DynamicTest> theOperatorRefusesExactlyWhatTheSchemaRefuses() throws IOException {
    return Stream.of(access(), grant()).flatMap(kind -> {
      Map<String, List<Case>> byField = new java.util.LinkedHashMap<>();
      for (JsonNode baseline : kind.baselines()) {
        cases(kind.specSchema(), baseline, List.of()).forEach(c -> byField.computeIfAbsent(c.field(),
            f -> new ArrayList<>()).add(c));
      }
      return byField.entrySet().stream().map(e -> DynamicTest.dynamicTest(kind.name() + " " + e.getKey(), () -> {
        List<Verdict> verdicts = e.getValue().stream().map(c -> new Verdict(c, kind.schemaAccepts(c.spec()),
            kind.operator().apply(c.spec()))).toList();
        assertThat(verdicts.stream().filter(v -> !v.agrees()).toList()).as("cases where the operator and the"
            + " schema disagree").isEmpty();
        if (e.getValue().stream().anyMatch(c -> !c.change().startsWith("removed"))) {
          assertThat(verdicts).as("values the schema refuses").anyMatch(v -> !v.schemaAccepts());
        }
      }));
    });
  }

  @Test
  void everyBaselineIsValidForBothAndEveryStringFieldIsConstrained() throws IOException {
    for (Kind kind : List.of(access(), grant())) {
      for (JsonNode baseline : kind.baselines()) {
        assertThat(kind.schemaAccepts(baseline)).as(kind.name() + " baseline, schema").isTrue();
        assertThat(kind.operator().apply(baseline)).as(kind.name() + " baseline, operator").isEmpty();
      }
      assertThat(unconstrainedStrings(kind.specSchema(), "spec")).as(kind.name() + ": string fields without a"
          + " pattern or enum").isEmpty();
    }
  }

  @Test
  void theSchemaReadsDollarAsTheEndOfTheTextAsTheApiServerDoes() {
    assertThat(re2("^[a-z]+$").matches("payments")).isTrue();
    assertThat(re2("^[a-z]+$").matches("payments\n")).isFalse();
    assertThat(Pattern.compile("^[a-z]+$").matcher("payments\n").find()).as("java.util.regex alone").isTrue();
    assertThat(re2("^[$]$").matches("$")).isTrue();
    assertThat(re2("^[^$]$").matches("$")).isFalse();
  }

  /** The cases of each property of an object schema, and of the properties below it. */
  static Stream<Case> cases(JsonNode objectSchema, JsonNode baseline, List<Object> at) {
    List<Case> out = new ArrayList<>();
    Set<String> required = new LinkedHashSet<>();
    objectSchema.path("required").forEach(r -> required.add(r.asText()));
    objectSchema.path("properties").fields().forEachRemaining(p -> {
      List<Object> path = append(at, p.getKey());
      JsonNode value = valueAt(baseline, path);
      if (value == null) {
        return;
      }
      if (required.contains(p.getKey())) {
        out.add(new Case(field(path), "removed", with(baseline, path, null)));
      }
      JsonNode schema = p.getValue();
      values(schema, value, field(path)).forEach(v -> out.add(new Case(field(path), JSON.valueToTree(v).toString(),
          with(baseline, path, JSON.valueToTree(v)))));
      if (schema.has("properties")) {
        cases(schema, baseline, path).forEach(out::add);
      }
      if (schema.has("items") && value.size() > 0) {
        List<Object> first = append(path, 0);
        values(schema.get("items"), value.get(0), field(first)).forEach(v -> out.add(new Case(field(first),
            JSON.valueToTree(v).toString(), with(baseline, first, JSON.valueToTree(v)))));
      }
    });
    return out.stream();
  }

  /** Values around a property's constraints, derived from a valid one; none when it has no constraint. */
  static List<Object> values(JsonNode schema, JsonNode valid, String field) {
    List<Object> values = new ArrayList<>();
    if (schema.has("enum")) {
      schema.get("enum").forEach(e -> values.add(e.asText()));
      String first = schema.get("enum").get(0).asText();
      values.addAll(List.of(first.toLowerCase(), first.toUpperCase(), " " + first, first + " ", first + "\u0000",
          "", "Unknown"));
    } else if (schema.has("pattern") || schema.has("maxLength") || schema.has("minLength")) {
      values.addAll(strings(valid.asText(), schema.path("maxLength").asInt(0)));
    } else if (schema.has("maxItems") || schema.has("minItems")) {
      IntFunction<String> item = DISTINCT_ITEMS.get(field);
      assertThat(item).as("a way to make distinct items of " + field).isNotNull();
      int min = schema.path("minItems").asInt(0);
      IntStream.of(min - 1, min, min + 1, schema.path("maxItems").asInt(0) - 1, schema.path("maxItems").asInt(0),
          schema.path("maxItems").asInt(0) + 1).filter(n -> n >= 0).distinct().forEach(n ->
          values.add(IntStream.range(0, n).mapToObj(item).toList()));
    } else if (schema.has("minimum") || schema.has("maximum")) {
      Stream.of("minimum", "maximum").filter(schema::has).map(b -> schema.get(b).asLong())
          .flatMap(b -> Stream.of(b - 1, b, b + 1)).forEach(values::add);
    }
    return values;
  }

  /** Every length from empty to well past the limits, grown at the end and in the middle, and the probes. */
  static List<String> strings(String valid, int maxLength) {
    Set<String> out = new LinkedHashSet<>(List.of("", " ", valid.toUpperCase(), valid.toLowerCase()));
    int longest = Math.max(valid.length(), maxLength) + 260;
    int middle = valid.length() / 2;
    for (int n = 0; n <= longest; n++) {
      if (n <= valid.length()) {
        out.add(valid.substring(0, n));
      } else {
        out.add(valid + filler(valid, valid.length() - 1).repeat(n - valid.length()));
        out.add(valid.substring(0, middle) + filler(valid, middle).repeat(n - valid.length())
            + valid.substring(middle));
      }
    }
    for (String probe : PROBES) {
      out.addAll(List.of(probe + valid, valid.substring(0, middle) + probe + valid.substring(middle), valid + probe));
    }
    return new ArrayList<>(out);
  }

  /** A letter or digit of the value near a position, to lengthen it without changing its shape. */
  static String filler(String value, int near) {
    for (int d = 0; d < value.length(); d++) {
      for (int i : new int[] {near - d, near + d}) {
        if (i >= 0 && i < value.length() && Character.isLetterOrDigit(value.charAt(i))) {
          return String.valueOf(value.charAt(i));
        }
      }
    }
    return "a";
  }

  static List<String> unconstrainedStrings(JsonNode schema, String field) {
    List<String> out = new ArrayList<>();
    if ("string".equals(schema.path("type").asText()) && !schema.has("pattern") && !schema.has("enum")) {
      out.add(field);
    }
    schema.path("properties").fields().forEachRemaining(p -> out.addAll(unconstrainedStrings(p.getValue(),
        field + "." + p.getKey())));
    if (schema.has("items")) {
      out.addAll(unconstrainedStrings(schema.get("items"), field + "[]"));
    }
    return out;
  }

  /** The field as the operator names it: {@code spec.network.additionalIpRanges[0]}. */
  static String field(List<Object> path) {
    StringBuilder s = new StringBuilder("spec");
    path.forEach(p -> s.append(p instanceof Integer i ? "[" + i + "]" : "." + p));
    return s.toString();
  }

  static List<Object> append(List<Object> path, Object segment) {
    List<Object> longer = new ArrayList<>(path);
    longer.add(segment);
    return longer;
  }

  static JsonNode valueAt(JsonNode node, List<Object> path) {
    for (Object p : path) {
      node = p instanceof Integer i ? node.path(i) : node.path((String) p);
    }
    return node.isMissingNode() ? null : node;
  }

  /** A copy of the spec with the value at the path replaced, or removed when the value is null. */
  static JsonNode with(JsonNode spec, List<Object> path, JsonNode value) {
    JsonNode copy = spec.deepCopy();
    JsonNode parent = valueAt(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer i) {
      ((ArrayNode) parent).set(i, value == null ? JsonNodeFactory.instance.nullNode() : value);
    } else if (value == null) {
      ((ObjectNode) parent).remove((String) last);
    } else {
      ((ObjectNode) parent).set((String) last, value);
    }
    return copy;
  }

  static JsonNode specSchema(String file) throws IOException {
    JsonNode crd = new YAMLMapper().readTree(Path.of("crds", file).toFile());
    return crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
  }

  static List<JsonNode> yaml(List<String> documents) {
    return documents.stream().map(d -> {
      try {
        return new YAMLMapper().readTree(d);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  /** The CRD's spec schema as a JSON Schema (OpenAPI's schema object is draft 4's), patterns read as RE2 reads them. */
  static Schema compile(JsonNode schema) {
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().regularExpressionFactory(
        SchemaAgreementTest::re2).build();
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, b -> b.schemaRegistryConfig(config))
        .getSchema(schema);
  }

  /**
   * A pattern as the API server matches it: Go's RE2, where {@code $} outside a character class is the end of the
   * text (in {@link java.util.regex} it also matches before a final line break), found anywhere in the value as
   * JSON Schema says.
   */
  static RegularExpression re2(String regex) {
    StringBuilder java = new StringBuilder();
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        java.append(c).append(regex.charAt(++i));
        continue;
      }
      inClass = c == '[' || (inClass && c != ']');
      java.append(c == '$' && !inClass ? "\\z" : String.valueOf(c));
    }
    Pattern pattern = Pattern.compile(java.toString());
    return value -> pattern.matcher(value).find();
  }
}
