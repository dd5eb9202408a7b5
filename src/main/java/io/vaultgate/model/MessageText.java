package io.vaultgate.model;

/**
 * Text that vaultgate shows people: condition messages and Events, which may echo what a user wrote. It owns two
 * pure functions: {@link #printable} makes a whole message safe to show (applied where messages leave the operator,
 * so every message is covered), and {@link #quote} echoes one user-supplied value inside a message, cut to a length
 * a reader can take in. It never decides whether a value is valid.
 */
public final class MessageText {

  /** The longest value {@link #quote} echoes whole. */
  public static final int MAX_QUOTED = 80;

  private MessageText() {
  }

  /**
   * The text with every non-printable character escaped and cut to at most {@code max} characters, ending with
   * "..." when cut. Escaped are control characters ({@code \n}, {@code \r}, {@code \t}, other ones as
   * {@code \\u0007}), format characters (such as the zero-width space or a right-to-left override), line and paragraph
   * separators, private-use, unassigned and lone surrogate code units; a surrogate pair that forms a character is
   * kept. An escape is never cut in half. Null reads as the empty text.
   */
  public static String printable(String text, int max) {
    String whole = escaped(text == null ? "" : text, Integer.MAX_VALUE);
    return whole.length() <= max ? whole : escaped(text, max - 3) + "...";
  }

  /** The escaped text, as many whole characters of it as fit in {@code limit}. */
  private static String escaped(String text, int limit) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      int cp = text.codePointAt(i);
      String piece = printable(cp) ? Character.toString(cp) : escape(text, i, cp);
      if (out.length() + piece.length() > limit) {
        break;
      }
      out.append(piece);
    }
    return out.toString();
  }

  /**
   * A user-supplied value as a message echoes it: in single quotes, and when longer than {@link #MAX_QUOTED}
   * characters its beginning and its length ({@code 'aaaa...' (300 characters)}). Not escaped: {@link #printable}
   * does that for the whole message.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    if (value.length() <= MAX_QUOTED) {
      return "'" + value + "'";
    }
    int end = MAX_QUOTED;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return "'" + value.substring(0, end) + "...' (" + value.length() + " characters)";
  }

  private static boolean printable(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> false;
      default -> true;
    };
  }

  private static String escape(String text, int at, int cp) {
    return switch (cp) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> {
        StringBuilder units = new StringBuilder();
        for (int k = 0; k < Character.charCount(cp); k++) {
          units.append(String.format("\\u%04x", (int) text.charAt(at + k)));
        }
        yield units.toString();
      }
    };
  }
}
