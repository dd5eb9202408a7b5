package io.vaultgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.vaultgate.model.Patterns;

/**
 * What a pipeline asks for: one address, for a while, through one {@code PrivateVaultAccess}. Immutable once
 * created (the API server enforces it): a new address or a longer time is a new grant, so a grant can never be
 * stretched past its creation plus the operator's maximum.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable: delete the grant and create another")
public class AgentIpGrantSpec {

  /** Why this version could not read the stored spec (see {@link LenientSpec}); null when it could. Never stored. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public String unreadable;

  @Required
  @JsonPropertyDescription("The PrivateVaultAccess, in this namespace, whose vault the grant opens; it must allow"
      + " grants (spec.agents.allowIpGrants) and its credentials and scope policy apply.")
  public AccessReference accessRef;

  @Required
  @Pattern(Patterns.IPV4_ADDRESS)
  @JsonPropertyDescription("The agent's public IPv4 address, e.g. from https://api.ipify.org at the start of the"
     + " job; opened as a /32 rule.")
  public String ipAddress;

  @Required
  @Pattern(Patterns.TTL)
  @JsonPropertyDescription("How long after the grant's creation the address stays allowed (15m, 1h, 90s or ISO-8601"
      + " such as PT15M), at most the operator's maximum (default 1h).")
  public String ttl;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AccessReference {
    @Required
    @Pattern(Patterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of a PrivateVaultAccess in the grant's own namespace.")
    public String name;

    @Pattern(Patterns.NAMESPACE)
    @JsonPropertyDescription("Optional, and then the grant's own namespace: a grant never opens another namespace's"
        + " access.")
    public String namespace;
  }
}
