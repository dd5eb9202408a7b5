package io.vaultgate.simulator.arm.keyvault;

import java.util.Map;
import java.util.Objects;

/**
 * A vault's secret as Key Vault's management plane knows it: its name, tags, content type and attributes, and its
 * current version's id. It has no value, by design: the management plane never returns one, so the simulator never
 * keeps one.
 *
 * @param name as it was first created (Key Vault compares names ignoring case)
 * @param contentType null when none was given
 * @param version the current version's id (32 hex digits), new on every write
 */
public record SimSecret(String name, Map<String, String> tags, String contentType, Attributes attributes,
    String version) {

  /**
   * The secret's attributes; times are seconds since 1970-01-01T00:00:00Z, as the wire has them.
   *
   * @param notBefore null when not set
   * @param expires null when not set
   */
  public record Attributes(boolean enabled, Long notBefore, Long expires, long created, long updated) {
  }

  public SimSecret {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(attributes, "attributes");
    tags = Map.copyOf(tags);
  }
}
