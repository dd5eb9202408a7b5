package io.vaultgate.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Reads durations written the Kubernetes way ({@code 90s}, {@code 15m}, {@code 1h}, {@code 250ms}) or as ISO-8601. */
final class Durations implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      switch (v.charAt(v.length() - 1)) {
        case 's':
          return Duration.ofSeconds(n);
        case 'm':
          return Duration.ofMinutes(n);
        case 'h':
          return Duration.ofHours(n);
        default:
          break;
      }
    } catch (RuntimeException e) {
      // fall through to the error below
    }
    throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 15m, 1h, 250ms)");
  }
}
