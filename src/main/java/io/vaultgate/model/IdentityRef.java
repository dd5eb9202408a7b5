package io.vaultgate.model;

/** The existing Entra identity pipelines authenticate as, as named in the spec. */
public record IdentityRef(Kind kind, String value) {

  public enum Kind {
    /** An app registration's application (client) id; its service principal is the principal. */
    APPLICATION,
    /** A user-assigned managed identity's ARM resource id. */
    USER_ASSIGNED
  }

  @Override
  public String toString() {
    return (kind == Kind.APPLICATION ? "app registration " : "managed identity ") + value;
  }
}
