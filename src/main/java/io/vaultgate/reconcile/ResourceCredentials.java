package io.vaultgate.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.port.AzurePorts.ClientCredential;
import io.vaultgate.port.DevOpsPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * What a resource's credentials Secret holds: an Azure identity for the namespace, a personal access token for
 * Azure DevOps, or both. Reading it either yields these or names what is wrong — a missing Secret or key, never a
 * value.
 */
record ResourceCredentials(Optional<ClientCredential> azure, Optional<String> devOpsToken) {

  /** Set by Azure workload identity on the operator's pod; a namespace may never borrow it. */
  private static final Optional<String> OPERATOR_TOKEN_FILE =
      Optional.ofNullable(System.getenv("AZURE_FEDERATED_TOKEN_FILE"));

  static final String CLIENT_ID = "azureClientId";
  static final String TENANT_ID = "azureTenantId";
  static final String CLIENT_SECRET = "azureClientSecret";
  static final String FEDERATED_TOKEN_FILE = "azureFederatedTokenFile";
  static final String DEVOPS_TOKEN = "azureDevOpsPat";

  static ResourceCredentials none() {
    return new ResourceCredentials(Optional.empty(), Optional.empty());
  }

  /** The result of reading the Secret: credentials, or a problem in words. */
  sealed interface Read permits Found, Problem {
  }

  record Found(ResourceCredentials credentials) implements Read {
  }

  record Problem(String message) implements Read {
  }

  /**
   * The resource's credentials Secret, when it names one and the operator may read Secrets; none otherwise.
   *
   * @param perNamespaceCredentials whether the operator is allowed to read credentials Secrets
   */
  static Read of(PrivateVaultAccess resource, KubernetesClient client, boolean perNamespaceCredentials) {
    var ref = resource.getSpec() == null ? null : resource.getSpec().credentialsSecretRef;
    if (ref == null || ref.name == null) {
      return new Found(none());
    }
    if (!perNamespaceCredentials) {
      return new Problem("spec.credentialsSecretRef: per-namespace credentials are disabled in this operator"
          + " (VAULTGATE_PER_NAMESPACE_CREDENTIALS), so it reads no Secrets");
    }
    String namespace = resource.getMetadata().getNamespace();
    return read(client.secrets().inNamespace(namespace).withName(ref.name).get(), namespace, ref.name,
        OPERATOR_TOKEN_FILE);
  }

  /** Azure DevOps as the resource's personal access token, else the (namespace's or operator's) identity. */
  DevOpsPort devOps(AzurePorts ports) {
    return devOpsToken.map(ports.devOps()::withPersonalAccessToken).orElse(ports.devOps().operatorIdentity());
  }

  /**
   * @param operatorTokenFile the operator's own federated token file, which a namespace may never borrow
   */
  static Read read(Secret secret, String namespace, String name, Optional<String> operatorTokenFile) {
    if (secret == null) {
      return new Problem("Secret '" + name + "' was not found in namespace " + namespace);
    }
    Map<String, String> data = new java.util.HashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v),
          StandardCharsets.UTF_8).trim()));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.trim()));
    }
    data.values().removeIf(String::isEmpty);
    Optional<String> token = Optional.ofNullable(data.get(DEVOPS_TOKEN));
    boolean anyAzure = data.containsKey(CLIENT_ID) || data.containsKey(TENANT_ID) || data.containsKey(CLIENT_SECRET)
        || data.containsKey(FEDERATED_TOKEN_FILE);
    if (!anyAzure) {
      return token.isPresent() ? new Found(new ResourceCredentials(Optional.empty(), token))
          : new Problem("Secret '" + name + "' has neither '" + DEVOPS_TOKEN + "' nor '" + CLIENT_ID + "'");
    }
    for (String key : new String[] {CLIENT_ID, TENANT_ID}) {
      if (!data.containsKey(key)) {
        return new Problem("Secret '" + name + "' has no key '" + key + "'");
      }
    }
    if (!data.containsKey(CLIENT_SECRET) && !data.containsKey(FEDERATED_TOKEN_FILE)) {
      return new Problem("Secret '" + name + "' has neither '" + CLIENT_SECRET + "' nor '" + FEDERATED_TOKEN_FILE
          + "'");
    }
    String tokenFile = data.get(FEDERATED_TOKEN_FILE);
    if (tokenFile != null && !data.containsKey(CLIENT_SECRET)) {
      if (!Path.of(tokenFile).isAbsolute()) {
        return new Problem("Secret '" + name + "' key '" + FEDERATED_TOKEN_FILE + "' must be an absolute path");
      }
      if (operatorTokenFile.map(own -> Path.of(own).normalize().equals(Path.of(tokenFile).normalize()))
          .orElse(false)) {
        return new Problem("Secret '" + name + "' key '" + FEDERATED_TOKEN_FILE
            + "' names the operator's own token file; a namespace must use a token of its own");
      }
    }
    return new Found(new ResourceCredentials(Optional.of(new ClientCredential(data.get(TENANT_ID),
        data.get(CLIENT_ID), Optional.ofNullable(data.get(CLIENT_SECRET)),
        Optional.ofNullable(data.get(FEDERATED_TOKEN_FILE)))), token));
  }
}
