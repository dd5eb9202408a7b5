package io.vaultgate.access;

/**
 * Why Key Vault refuses a read, by the inner error code it answers with (azure-security-docs
 * {@code key-vault/general/common-error-codes.md}; the NSP and name-resolution cases have no documented code) and
 * the message text a pipeline shows (Microsoft's Key Vault tutorial for Azure Pipelines, troubleshooting section).
 */
public enum Denial {
  /** {@code publicNetworkAccess} is Disabled and the request does not come over an approved private link. */
  ForbiddenByConnection("Public network access is disabled and request is not from a trusted service nor via an"
      + " approved private link."),
  /** The firewall (default action Deny) has no rule for the caller's address or subnet. */
  ForbiddenByFirewall("Client address is not authorized and caller is not a trusted service."),
  /** As {@link #ForbiddenByFirewall}, on a vault whose bypass is None. */
  ForbiddenByNsp("Request was not allowed by NSP rules and the client address is not authorized and caller was"
      + " ignored because bypass is set to None."),
  /** The agents' network resolves the vault's name to an address that is not an approved private endpoint of it. */
  PrivateLinkNotApproved("Connection is not an approved private link."),
  /** A private DNS zone linked to the agents' network has no record for the vault, so its name does not resolve. */
  NameNotResolved("The vault's name does not resolve in the agents' network."),
  /** A subnet the spec names for the agents does not exist. */
  SubnetNotFound("The agents' subnet was not found."),
  /** The identity lacks secret get and list (access policy or role). */
  SecretPermissionMissing("Specified Azure service connection needs to have \"Get, List\" secret management"
      + " permissions on the selected key vault."),
  /** The identity does not exist (yet). */
  IdentityNotFound("The pipeline identity was not found.");

  private final String vendorText;

  Denial(String vendorText) {
    this.vendorText = vendorText;
  }

  public String vendorText() {
    return vendorText;
  }
}
