package io.vaultgate.validate;

import io.vaultgate.model.DurationText;
import io.vaultgate.model.GrantRequest;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.MessageText;
import io.vaultgate.model.Patterns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's own check of an {@code AgentIpGrant} spec, whatever the API server checked: one public IPv4
 * address, a positive ttl no longer than the operator's maximum, and a {@code PrivateVaultAccess} named in the
 * grant's own namespace. It refuses everything the CRD's patterns and required fields refuse, with the same
 * {@link Patterns} and without trimming; the operator's maximum, reserved addresses and another namespace are its
 * own. Pure; each problem names its field and value, and an invalid grant never reaches Azure.
 *
 * <p>Every block {@link Ipv4Range#reservedBlock()} lists is refused, the documentation ranges (TEST-NET-1 to 3)
 * included: Key Vault accepts public addresses only (it rejects RFC 1918 ranges), and no Microsoft-hosted agent has
 * a documentation, loopback, link-local, carrier-grade NAT, multicast or reserved address.
 */
public final class GrantValidator {

  private GrantValidator() {
  }

  public sealed interface Result permits Valid, Invalid {
  }

  public record Valid(GrantRequest request) implements Result {
  }

  /** Each problem reads {@code <field>: <what is wrong>}. */
  public record Invalid(List<String> problems) implements Result {
    public String message() {
      return String.join("; ", problems);
    }
  }

  /** @param maxTtl the operator's longest grant */
  public static Result validate(GrantInput grant, Duration maxTtl) {
    List<String> problems = new ArrayList<>();
    String access = grant.accessName();
    if (access == null) {
      problems.add("spec.accessRef.name: required");
    } else if (!access.matches(Patterns.OBJECT_NAME)) {
      problems.add("spec.accessRef.name: " + MessageText.quote(access) + " is not a Kubernetes object name");
    }
    String accessNamespace = grant.accessNamespace();
    if (accessNamespace != null && !accessNamespace.matches(Patterns.NAMESPACE)) {
      problems.add("spec.accessRef.namespace: " + MessageText.quote(accessNamespace) + " is not a namespace name");
    } else if (accessNamespace != null && !accessNamespace.equals(grant.namespace())) {
      problems.add("spec.accessRef.namespace: " + MessageText.quote(accessNamespace) + ": a grant may only name a"
          + " PrivateVaultAccess in its own namespace (" + grant.namespace() + ")");
    }
    Optional<Ipv4Range> address = address(grant.ipAddress(), problems);
    Optional<Duration> ttl = ttl(grant.ttl(), maxTtl, problems);
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    return new Valid(new GrantRequest(access, address.get(), ttl.get()));
  }

  private static Optional<Ipv4Range> address(String text, List<String> problems) {
    if (text == null) {
      problems.add("spec.ipAddress: required");
      return Optional.empty();
    }
    String quoted = MessageText.quote(text);
    if (!text.matches(Patterns.IPV4_OR_CIDR)) {
      problems.add("spec.ipAddress: " + quoted + " is not an IPv4 address (Key Vault IP rules are IPv4 only)");
      return Optional.empty();
    }
    Ipv4Range range = Ipv4Range.parse(text);
    if (!text.matches(Patterns.IPV4_ADDRESS)) {
      problems.add("spec.ipAddress: " + quoted + " is a range; a grant opens one address (a.b.c.d)");
      return Optional.empty();
    }
    Optional<String> reserved = range.reservedBlock();
    if (reserved.isPresent()) {
      problems.add("spec.ipAddress: " + quoted + " is in " + reserved.get() + "; a Microsoft-hosted agent's"
          + " address is public, and Key Vault IP rules accept public addresses only");
      return Optional.empty();
    }
    return Optional.of(range);
  }

  private static Optional<Duration> ttl(String text, Duration max, List<String> problems) {
    if (text == null) {
      problems.add("spec.ttl: required");
      return Optional.empty();
    }
    Optional<Duration> ttl = text.matches(Patterns.TTL) ? DurationText.parse(text) : Optional.empty();
    if (ttl.isEmpty()) {
      problems.add("spec.ttl: " + MessageText.quote(text) + " is not a positive duration (e.g. 15m, 1h, 90s,"
          + " PT15M)");
    } else if (ttl.get().compareTo(max) > 0) {
      problems.add("spec.ttl: " + MessageText.quote(text) + " is longer than this operator's maximum of "
          + DurationText.format(max));
    } else {
      return ttl;
    }
    return Optional.empty();
  }
}
