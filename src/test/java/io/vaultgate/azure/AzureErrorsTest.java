package io.vaultgate.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AzureErrorsTest {

  @ParameterizedTest
  @CsvSource({"404, NOT_FOUND", "401, AUTHORIZATION_FAILED", "403, AUTHORIZATION_FAILED", "429, THROTTLED",
      "408, TRANSIENT", "500, TRANSIENT", "503, TRANSIENT", "400, REJECTED", "409, REJECTED"})
  void statusCodesMapToOneKindEach(int status, AzureFailure.Kind kind) {
    assertThat(AzureErrors.kindOf(status)).isEqualTo(kind);
  }

  @Test
  void connectionFailuresAnywhereInTheChainAreTransient() {
    var failure = AzureErrors.classify(new RuntimeException(new UncheckedIOException(new ConnectException("no"))));
    assertThat(failure.kind()).isEqualTo(AzureFailure.Kind.TRANSIENT);
    assertThat(AzureErrors.isConnectionFailure(new IllegalStateException("bug"))).isFalse();
    assertThat(AzureErrors.isConnectionFailure(new IOException("reset"))).isTrue();
  }
}
