package io.vaultgate.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Ages as kubectl shows them ({@code 40s}, {@code 5m12s}, {@code 3h}, {@code 12d}), by the API server's rules. */
final class HumanAge {

  private HumanAge() {
  }

  /** The age of an RFC 3339 timestamp; {@code <invalid>} if it does not parse. */
  static String since(String timestamp, Instant now) {
    try {
      return of(Duration.between(Instant.parse(timestamp), now));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  static String of(Duration d) {
    long seconds = d.toSeconds();
    // Up to a second in the future counts as now: clocks of client and server differ a little.
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    long days = hours / 24;
    if (hours < 24 * 365 * 8) {
      return days % 365 == 0 ? days / 365 + "y" : days / 365 + "y" + days % 365 + "d";
    }
    return days / 365 + "y";
  }
}
