package io.vaultgate.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageTextTest {

  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("pay\u0007ments", "pay\\u0007ments"),
        Arguments.of("a\nb", "a\\nb"),
        Arguments.of("a\rb", "a\\rb"),
        Arguments.of("a\tb", "a\\tb"),
        Arguments.of("nul\u0000", "nul\\u0000"),
        Arguments.of("del\u007f", "del\\u007f"),
        Arguments.of("next line\u0085", "next line\\u0085"),
        Arguments.of("zero\u200bwidth", "zero\\u200bwidth"),
        Arguments.of("right\u202eleft", "right\\u202eleft"),
        Arguments.of("line\u2028separator", "line\\u2028separator"),
        Arguments.of("private\ue000use", "private\\ue000use"),
        Arguments.of("lone\ud800surrogate", "lone\\ud800surrogate"),
        Arguments.of("Café, 東京 and 😀 stay", "Café, 東京 and 😀 stay"),
        Arguments.of("a\\b and / stay", "a\\b and / stay"));
  }

  @ParameterizedTest(name = "{index}: shows as {1}")
  @MethodSource("texts")
  void nonPrintableCharactersAreEscapedAndTheRestIsKept(String text, String shown) {
    assertThat(MessageText.printable(text, 1000)).isEqualTo(shown);
  }

  @Test
  void aLongTextIsCutWithAMarkNeverInsideAnEscape() {
    assertThat(MessageText.printable("abcdefghij", 10)).isEqualTo("abcdefghij");
    assertThat(MessageText.printable("abcdefghijk", 10)).isEqualTo("abcdefg...");
    assertThat(MessageText.printable("abcdef\u0007ghijk", 10)).isEqualTo("abcdef...");
    assertThat(MessageText.printable("abcde😀fgh", 10)).isEqualTo("abcde😀fgh");
    assertThat(MessageText.printable("abcdef😀ghijk", 10)).isEqualTo("abcdef...");
    assertThat(MessageText.printable(null, 10)).isEmpty();
  }

  @Property
  void theResultIsPrintableAndWithinTheLimit(@ForAll String text, @ForAll @IntRange(min = 3, max = 200) int max) {
    String shown = MessageText.printable(text, max);
    assertThat(shown.length()).isLessThanOrEqualTo(max);
    assertThat(shown.codePoints()).noneMatch(cp -> Character.isISOControl(cp) || Character.getType(cp)
        == Character.FORMAT || Character.getType(cp) == Character.SURROGATE);
    if (shown.equals(text)) {
      assertThat(text.length()).isLessThanOrEqualTo(max);
    }
  }

  @Test
  void aQuotedValueIsCutToItsBeginningAndItsLength() {
    assertThat(MessageText.quote("payments")).isEqualTo("'payments'");
    assertThat(MessageText.quote("")).isEqualTo("''");
    assertThat(MessageText.quote(null)).isEqualTo("null");
    assertThat(MessageText.quote("x".repeat(80))).isEqualTo("'" + "x".repeat(80) + "'");
    assertThat(MessageText.quote("x".repeat(300))).isEqualTo("'" + "x".repeat(80) + "...' (300 characters)");
    assertThat(MessageText.quote("x".repeat(79) + "😀" + "y")).as("a character is never cut in half")
        .isEqualTo("'" + "x".repeat(79) + "...' (82 characters)");
  }
}
