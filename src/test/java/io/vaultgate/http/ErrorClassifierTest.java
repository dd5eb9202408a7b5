package io.vaultgate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.fasterxml.jackson.core.JsonParseException;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.AzureFailure.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassifierTest {

  @ParameterizedTest
  @CsvSource({"404, NOT_FOUND", "401, AUTHORIZATION_FAILED", "403, AUTHORIZATION_FAILED", "429, THROTTLED",
      "408, TRANSIENT", "500, TRANSIENT", "503, TRANSIENT", "400, REJECTED", "409, REJECTED"})
  void statusCodesMapToOneKindEach(int status, Kind kind) {
    assertThat(ErrorClassifier.kindOf(status)).isEqualTo(kind);
  }

  /** The code decides before the status: a 409 is a conflict to wait out, or a grant that already exists. */
  @ParameterizedTest
  @CsvSource({
      "409, Conflict, TRANSIENT",
      "409, AnotherOperationInProgress, TRANSIENT",
      "409, RetryableErrorDueToAnotherOperation, TRANSIENT",
      "409, RoleAssignmentExists, ALREADY_EXISTS",
      "400, DuplicateServiceConnectionException, ALREADY_EXISTS",
      "403, AuthorizationFailed, AUTHORIZATION_FAILED",
      "400, PrincipalNotFound, TRANSIENT",
      "404, ResourceGroupNotFound, NOT_FOUND",
      "409, SomethingElse, REJECTED",
      "503, '', TRANSIENT"})
  void errorCodesComeBeforeStatuses(int status, String code, Kind kind) {
    assertThat(ErrorClassifier.kindOf(status, code)).isEqualTo(kind);
    assertThat(ErrorClassifier.failure(status, code, "m", null).kind()).isEqualTo(kind);
  }

  @Test
  void connectionFailuresAnywhereInTheChainAreTransient() {
    var failure = ErrorClassifier.classify(new RuntimeException(new UncheckedIOException(new ConnectException("no"))));
    assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(ErrorClassifier.isConnectionFailure(new IllegalStateException("bug"))).isFalse();
    assertThat(ErrorClassifier.isConnectionFailure(new IOException("reset"))).isTrue();
  }

  @Test
  void programmingErrorsAreNeverAzureFailures() {
    NullPointerException bug = new NullPointerException("ledger");
    assertThatThrownBy(() -> ErrorClassifier.classify(bug)).isSameAs(bug);
    IllegalStateException state = new IllegalStateException("no vault");
    assertThatThrownBy(() -> ErrorClassifier.classify(state)).isSameAs(state);
    // an HTTP exception without a response is not an answer from Azure either
    HttpResponseException noResponse = new HttpResponseException("no response", null);
    assertThatThrownBy(() -> ErrorClassifier.classify(noResponse)).isSameAs(noResponse);
  }

  @Test
  void aBodyThatDoesNotParseIsNotAConnectionFailure() {
    UncheckedIOException unparsable = new UncheckedIOException(new JsonParseException(null, "Unexpected '<'"));
    assertThat(ErrorClassifier.isConnectionFailure(unparsable)).isFalse();
    assertThatThrownBy(() -> ErrorClassifier.classify(unparsable)).isSameAs(unparsable);
  }

  @Test
  void anAzureFailureStaysAsItIs() {
    AzureFailure f = new AzureFailure(Kind.THROTTLED, 429, "TooManyRequests", "slow down", null);
    assertThat(ErrorClassifier.classify(f)).isSameAs(f);
  }
}
