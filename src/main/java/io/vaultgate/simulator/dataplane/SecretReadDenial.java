package io.vaultgate.simulator.dataplane;

import java.util.OptionalInt;

/**
 * Why a secret read fails: the inner error code of Key Vault's 403, or {@link #NAME_NOT_RESOLVED} when no request
 * reaches Key Vault at all.
 */
public enum SecretReadDenial {
  /**
   * Public network access is disabled, or the request came over a private link that is not an approved one of
   * this vault. Seen in the wild as {@code Inner error: {"code": "ForbiddenByConnection"}}; not in Microsoft's error
   * table.
   */
  FORBIDDEN_BY_CONNECTION("ForbiddenByConnection"),
  /**
   * The firewall does not admit the caller (azure-security-docs
   * {@code articles/key-vault/general/common-error-codes.md}); with {@code bypass: None} the message names the
   * network security perimeter's rules.
   */
  FORBIDDEN_BY_FIREWALL("ForbiddenByFirewall"),
  /**
   * An access-policy vault gives the principal no secret {@code list} or {@code get} permission (common-error-codes.md;
   * observed as {@code InnerError={"code":"AccessDenied"}} in turbot/steampipe-plugin-azure issue #127).
   */
  ACCESS_DENIED("AccessDenied"),
  /** An RBAC vault: no role assigned at the vault or above it grants the data action. */
  FORBIDDEN_BY_RBAC("ForbiddenByRbac"),
  /**
   * The simulator's own code, not Key Vault's: the vault's name does not resolve in the caller's virtual network
   * (a {@code privatelink.vaultcore.azure.net} zone is linked to it but holds no record for the vault, so the
   * resolver answers NXDOMAIN), and the client fails before it sends anything.
   */
  NAME_NOT_RESOLVED("NameNotResolved");

  private final String code;

  SecretReadDenial(String code) {
    this.code = code;
  }

  /** The code as it appears in {@code error.innererror.code}, e.g. {@code ForbiddenByFirewall}. */
  public String code() {
    return code;
  }

  /** Key Vault's HTTP status: 403 for its own denials, none when the request never reached it. */
  public OptionalInt httpStatus() {
    return this == NAME_NOT_RESOLVED ? OptionalInt.empty() : OptionalInt.of(403);
  }
}
