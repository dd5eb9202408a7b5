package io.vaultgate.simulator.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** GUIDs as Azure writes them: 8-4-4-4-12 hex digits, either case. */
public final class Guid {
  private static final Pattern GUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Guid() {
  }

  public static boolean is(String value) {
    return value != null && GUID.matcher(value).matches();
  }

  public static String random() {
    return UUID.randomUUID().toString();
  }

  /** {@code value}, or a fresh GUID when it is null. */
  public static String orRandom(String value) {
    return value == null ? random() : value;
  }
}
