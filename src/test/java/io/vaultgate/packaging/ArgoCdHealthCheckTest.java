package io.vaultgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health check of PrivateVaultAccess (gitops/argocd/...): run with a Lua interpreter against the sample
 * resources its health_test.yaml lists, the way Argo CD runs it (the resource as the global {@code obj}, the chunk
 * returning {@code {status, message}}); and the README shows exactly this script.
 */
class ArgoCdHealthCheckTest {

  static final Path DIR = Path.of("gitops/argocd/vaultgate.io/PrivateVaultAccess");
  static final String ARGOCD_KEY = "resource.customizations.health.vaultgate.io_PrivateVaultAccess";

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode test : Chart.YAML.readTree(DIR.resolve("health_test.yaml").toFile()).path("tests")) {
      cases.add(Arguments.of(test.path("inputPath").asText(), test.at("/healthStatus/status").asText(),
          test.at("/healthStatus/message").asText()));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("cases")
  void judgesTheSampleResource(String input, String status, String message) throws Exception {
    LuaValue health = run(Chart.YAML.readTree(DIR.resolve(input).toFile()));
    assertThat(health.get("status").tojstring()).isEqualTo(status);
    assertThat(health.get("message").tojstring()).isEqualTo(message);
  }

  @Test
  void coversEveryHealthState() throws Exception {
    assertThat(cases().map(a -> (String) a.get()[1]))
        .contains("Healthy", "Progressing", "Degraded", "Suspended");
    try (Stream<Path> samples = Files.list(DIR.resolve("testdata"))) {
      assertThat(samples.map(p -> "testdata/" + p.getFileName()))
          .containsExactlyInAnyOrderElementsOf(cases().map(a -> (String) a.get()[0]).toList());
    }
  }

  @Test
  void aNewerGenerationIsProgressingEvenWhenTheOldOneWasReady() throws Exception {
    JsonNode healthy = Chart.YAML.readTree(DIR.resolve("testdata/healthy.yaml").toFile());
    assertThat(run(healthy).get("status").tojstring()).isEqualTo("Healthy");
    ((ObjectNode) healthy.path("metadata")).put("generation", 3);
    assertThat(run(healthy).get("status").tojstring()).isEqualTo("Progressing");
  }

  @Test
  void theReadmeShowsThisScriptInAnArgoCdConfigMap() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(readme);
    String shown = null;
    while (block.find()) {
      if (block.group(1).contains(ARGOCD_KEY)) {
        JsonNode configMap = Chart.YAML.readTree(block.group(1));
        assertThat(configMap.at("/metadata/name").asText()).isEqualTo("argocd-cm");
        shown = configMap.path("data").path(ARGOCD_KEY).asText();
      }
    }
    assertThat(shown).as("README.md has a yaml block with argocd-cm data %s", ARGOCD_KEY).isNotNull();
    assertThat(shown).isEqualTo(Files.readString(DIR.resolve("health.lua")));
  }

  /** Runs health.lua as Argo CD does: {@code obj} is the resource, the chunk returns the health. */
  static LuaValue run(JsonNode resource) throws Exception {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(resource));
    LuaValue health = globals.load(Files.readString(DIR.resolve("health.lua")), "health.lua").call();
    assertThat(health.istable()).isTrue();
    return health;
  }

  /**
   * The JSON-to-Lua conversion Argo CD applies: objects and arrays become tables (arrays from index 1), numbers are
   * Lua numbers.
   */
  static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isNull()) {
          table.set(field.getKey(), toLua(field.getValue()));
        }
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return LuaValue.valueOf(node.asText());
  }
}
