package io.vaultgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator speaks real, verified TLS. */
class TlsTest {
  private static AzureSimulator sim;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static HttpResponse<String> get(SSLContext context, String url) throws IOException, InterruptedException {
    return HttpClient.newBuilder().sslContext(context).build().send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + sim.bearerToken()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String controlUrl(String host) {
    return sim.armBaseUrl().replace("127.0.0.1", host) + "_simulator/requests";
  }

  @Test
  void aClientThatDoesNotTrustTheCaFailsTheHandshake() {
    assertThatThrownBy(() -> get(SSLContext.getDefault(), controlUrl("127.0.0.1")))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void theServerCertificateIsForTheLoopbackAddressAndLocalhostAndSignedByTheCa() throws Exception {
    HttpResponse<String> viaIp = get(sim.sslContext(), controlUrl("127.0.0.1"));
    HttpResponse<String> viaName = get(sim.sslContext(), controlUrl("localhost"));

    assertThat(viaIp.statusCode()).isEqualTo(200);
    assertThat(viaName.statusCode()).isEqualTo(200);
    X509Certificate server = (X509Certificate) viaIp.sslSession().orElseThrow().getPeerCertificates()[0];
    X509Certificate ca = caCertificate();
    server.verify(ca.getPublicKey());
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
        .containsExactlyInAnyOrder("127.0.0.1", "localhost");
    assertThat(server.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofDays(29)),
        Instant.now().plus(Duration.ofDays(31)));
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
  }

  @Test
  void theWrittenCaFileIsAllAClientNeeds(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("ca.pem");
    sim.writeCaCertificate(pem);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);

    assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(get(context, controlUrl("127.0.0.1")).statusCode()).isEqualTo(200);
  }

  @Test
  void eachSimulatorHasItsOwnCaAndToken() {
    try (AzureSimulator other = AzureSimulator.start()) {
      assertThat(other.caCertificatePem()).isNotEqualTo(sim.caCertificatePem());
      assertThat(other.bearerToken()).isNotEqualTo(sim.bearerToken());
      assertThatThrownBy(() -> get(other.sslContext(), controlUrl("127.0.0.1")))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void closeReleasesThePortAndTheThreads() throws Exception {
    AzureSimulator closing = AzureSimulator.start();
    String url = closing.armBaseUrl() + "_simulator/requests";
    HttpClient client = HttpClient.newBuilder().sslContext(closing.sslContext()).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + closing.bearerToken()).build();
    assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    int port = URI.create(url).getPort();

    closing.close();

    assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    List<String> leftovers = Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.startsWith(ServiceHost.threadNamePrefix("arm", port))).toList();
    assertThat(leftovers).isEmpty();
  }

  private static X509Certificate caCertificate() throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(sim.caCertificatePem().getBytes(StandardCharsets.US_ASCII)));
  }
}
