package io.vaultgate.sandbox;

import static io.vaultgate.sandbox.PrinterPathTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 7386's own examples, and what kubectl apply relies on: lists are replaced, null removes. */
class MergePatchTest {

  @Test
  void rfc7386Examples() {
    assertThat(MergePatch.apply(json("{\"a\":\"b\"}"), json("{\"a\":\"c\"}"))).isEqualTo(json("{\"a\":\"c\"}"));
    assertThat(MergePatch.apply(json("{\"a\":\"b\"}"), json("{\"b\":\"c\"}")))
        .isEqualTo(json("{\"a\":\"b\",\"b\":\"c\"}"));
    assertThat(MergePatch.apply(json("{\"a\":\"b\",\"b\":\"c\"}"), json("{\"a\":null}")))
        .isEqualTo(json("{\"b\":\"c\"}"));
    assertThat(MergePatch.apply(json("{\"a\":[\"b\"]}"), json("{\"a\":\"c\"}"))).isEqualTo(json("{\"a\":\"c\"}"));
    assertThat(MergePatch.apply(json("{\"a\":{\"b\":\"c\"}}"), json("{\"a\":{\"b\":\"d\",\"c\":null}}")))
        .isEqualTo(json("{\"a\":{\"b\":\"d\"}}"));
    assertThat(MergePatch.apply(json("[1,2]"), json("{\"a\":{\"bb\":{\"ccc\":null}}}")))
        .isEqualTo(json("{\"a\":{\"bb\":{}}}"));
  }

  @Test
  void listsAreReplacedNotAppended() {
    assertThat(MergePatch.apply(json("{\"spec\":{\"ranges\":[\"1.2.3.0/24\",\"5.6.7.0/24\"]}}"),
        json("{\"spec\":{\"ranges\":[\"9.9.9.0/24\"]}}")))
        .isEqualTo(json("{\"spec\":{\"ranges\":[\"9.9.9.0/24\"]}}"));
  }
}
