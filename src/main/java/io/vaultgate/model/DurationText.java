package io.vaultgate.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Durations as people write them in Kubernetes manifests and flags: {@code 90s}, {@code 15m}, {@code 1h},
 * {@code 250ms}, or ISO-8601 ({@code PT15M}). One reading for the command line and for specs, so that a value the
 * operator's flags accept is accepted in a resource too.
 */
public final class DurationText {

  private DurationText() {
  }

  /** The duration, or empty when the text is none of the accepted spellings. */
  public static Optional<Duration> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String v = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Optional.of(Duration.parse(v.toUpperCase(Locale.ROOT)));
      }
      if (v.endsWith("ms")) {
        return Optional.of(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Optional.of(Duration.ofSeconds(n));
        case 'm' -> Optional.of(Duration.ofMinutes(n));
        case 'h' -> Optional.of(Duration.ofHours(n));
        default -> Optional.empty();
      };
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** The shortest of the spellings above that reads back as the same duration, e.g. {@code 1h}, {@code 90s}. */
  public static String format(Duration d) {
    if (d.toMillisPart() != 0 || d.isZero()) {
      return d.toMillis() + "ms";
    }
    long seconds = d.getSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
