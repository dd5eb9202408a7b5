package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Azure Resource Manager as another administrator (or curl) sees it, described by a {@code FILE.azure.json}: reads
 * a vault's firewall, adds a rule behind the operator's back, and (from the simulator) reads the request counts and
 * asks the simulated Key Vault data plane whether a secret read would get through.
 */
final class AzureAdmin {

  static final String API_VERSION = "2026-02-01";

  private final JsonNode description;
  private final HttpClient http;

  AzureAdmin(JsonNode description) {
    this.description = description;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (description.hasNonNull("caFile")) {
      builder.sslContext(trusting(Path.of(description.path("caFile").asText())));
    }
    this.http = builder.build();
  }

  /** Trusts exactly this CA, as curl --cacert does. */
  private static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode vault(String vaultId) {
    return call("GET", vaultId + "?api-version=" + API_VERSION, null);
  }

  /** The vault's IP rules, as Azure lists them. */
  List<String> ipRules(String vaultId) {
    List<String> rules = new ArrayList<>();
    vault(vaultId).path("properties").path("networkAcls").path("ipRules")
        .forEach(r -> rules.add(r.path("value").asText()));
    return rules;
  }

  /** Adds an IP rule as someone in the portal would: the whole networkAcls, with one more rule. */
  void addIpRule(String vaultId, String rule) {
    setIpRules(vaultId, rules -> rules.addObject().put("value", rule));
  }

  void removeIpRule(String vaultId, String rule) {
    setIpRules(vaultId, rules -> {
      for (int i = rules.size() - 1; i >= 0; i--) {
        if (rules.get(i).path("value").asText().equals(rule)) {
          rules.remove(i);
        }
      }
    });
  }

  private void setIpRules(String vaultId, Consumer<ArrayNode> change) {
    ObjectNode acls = vault(vaultId).path("properties").path("networkAcls").deepCopy();
    change.accept(acls.withArray("ipRules"));
    ObjectNode patch = Json.MAPPER.createObjectNode();
    patch.putObject("properties").set("networkAcls", acls);
    call("PATCH", vaultId + "?api-version=" + API_VERSION, patch);
  }

  /** All writes the simulator has counted; empty for a real Azure, which does not report them. */
  OptionalLong writes() {
    if (!description.hasNonNull("requestCountsUrl")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(send("GET", URI.create(description.path("requestCountsUrl").asText()), null)
        .path("totals").path("writes").asLong());
  }

  /** Whether this is the sandbox's simulated Azure, whose Key Vault data plane answers {@link #secretRead}. */
  boolean simulated() {
    return description.hasNonNull("requestCountsUrl");
  }

  /** The simulated Key Vault data plane's answer to a secret read: 200, or 403 with Key Vault's error body. */
  record SecretRead(int status, JsonNode body) {
    boolean allowed() {
      return status == 200 && body.path("allowed").asBoolean();
    }

    /** The error's inner code, e.g. {@code ForbiddenByFirewall}; empty when allowed. */
    String refusal() {
      return body.path("error").path("innererror").path("code").asText();
    }
  }

  /** Asks the simulator whether a caller at this address would get through the vault's network rules. */
  SecretRead secretRead(String vaultId, String clientAddress) {
    if (!simulated()) {
      throw new IllegalStateException("only the sandbox's simulated Azure answers data-plane decisions");
    }
    ObjectNode request = Json.MAPPER.createObjectNode().put("vaultId", vaultId).put("clientAddress", clientAddress);
    URI uri = URI.create(description.path("armBaseUrl").asText().replaceAll("/+$", "")
        + "/_simulator/keyvault/secretRead");
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + description.path("token").asText())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 && response.statusCode() != 403) {
        throw new IllegalStateException("POST " + uri + ": " + response.statusCode() + " " + response.body());
      }
      return new SecretRead(response.statusCode(), Json.MAPPER.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode call(String method, String path, JsonNode body) {
    String base = description.path("armBaseUrl").asText().replaceAll("/+$", "");
    return send(method, URI.create(base + path), body);
  }

  private JsonNode send(String method, URI uri, JsonNode body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + description.path("token").asText())
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body.toString()));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + uri + ": " + response.statusCode() + " " + response.body());
      }
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
