package io.vaultgate.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.PrivateVaultAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded Kubernetes API: fabric8's mock API server in CRUD mode with vaultgate's CRDs installed, behind the
 * {@link ApiFront} that kubectl talks to. The operator uses the mock directly, as the project's tests do.
 */
final class EmbeddedKubernetes implements AutoCloseable {

  /** The CRDs as checked in under crds/, packaged with the jar: one per kind vaultgate serves. */
  static final List<String> CRD_RESOURCES = List.of(crdResource(PrivateVaultAccess.class),
      crdResource(AgentIpGrant.class));

  /** The mock logs each request through java.util.logging; held, so that the level set here sticks. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(Level.WARNING);
    // The mock's Vert.x would make a cache directory in java.io.tmpdir for serving classpath files (which the
    // mock never does), removed only if Vert.x finishes closing before the JVM exits.
    System.setProperty("vertx.disableFileCPResolving", "true");
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ApiCatalog catalog;
  private final ApiFront front;

  private EmbeddedKubernetes(KubernetesMockServer server, KubernetesClient client, ApiCatalog catalog,
                             ApiFront front) {
    this.server = server;
    this.client = client;
    this.catalog = catalog;
    this.front = front;
  }

  static EmbeddedKubernetes start(List<String> namespaces) {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    try {
      for (String crd : CRD_RESOURCES) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd(client, crd)).create();
      }
      for (String namespace : namespaces) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
            .withNewStatus().withPhase("Active").endStatus().build()).create();
      }
      URI mock = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort());
      ApiCatalog catalog = new ApiCatalog(client);
      return new EmbeddedKubernetes(server, client, catalog, ApiFront.start(mock, catalog, Clock.systemUTC()));
    } catch (RuntimeException e) {
      client.close();
      server.destroy();
      throw e;
    }
  }

  static String crdResource(Class<? extends HasMetadata> kind) {
    return "/io/vaultgate/crds/" + HasMetadata.getFullResourceName(kind) + "-v1.yml";
  }

  static CustomResourceDefinition crd(KubernetesClient client, String resource) {
    try (InputStream in = EmbeddedKubernetes.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the CRD is not on the classpath: " + resource);
      }
      return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client of the mock itself (no layer in between), for the operator and the sandbox's own reads. */
  KubernetesClient client() {
    return client;
  }

  /**
   * A client of the layer kubectl uses, so that what the sandbox applies is admitted as kubectl's writes are
   * (defaults, unknown fields). Writes only: it cannot watch (the layer streams HTTP; fabric8 watches over
   * WebSocket).
   */
  KubernetesClient writer() {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(front.url().toString()).build()).build();
  }

  ApiCatalog catalog() {
    return catalog;
  }

  /** Where kubectl connects. */
  URI url() {
    return front.url();
  }

  int port() {
    return front.port();
  }

  @Override
  public void close() {
    front.close();
    client.close();
    server.destroy();
  }
}
