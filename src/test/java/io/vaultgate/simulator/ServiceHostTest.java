package io.vaultgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** How the host reads a request's path before routing it. */
class ServiceHostTest {

  @Test
  void aLeadingRunOfSlashesIsOne() {
    assertThat(ServiceHost.path(URI.create("//subscriptions/s1/providers/x?a=b"))).isEqualTo(
        "/subscriptions/s1/providers/x");
    assertThat(ServiceHost.path(URI.create("/v1.0/servicePrincipals(appId='a%20b')")))
        .isEqualTo("/v1.0/servicePrincipals(appId='a b')");
  }
}
