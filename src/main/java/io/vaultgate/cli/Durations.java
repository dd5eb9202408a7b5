package io.vaultgate.cli;

import io.vaultgate.model.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations written the Kubernetes way ({@code 90s}, {@code 15m}, {@code 1h}, {@code 250ms}) or as ISO-8601. */
final class Durations implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    return DurationText.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException("'" + value
        + "' is not a duration (e.g. 90s, 15m, 1h, 250ms)"));
  }
}
