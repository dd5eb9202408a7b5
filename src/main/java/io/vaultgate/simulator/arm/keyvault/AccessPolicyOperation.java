package io.vaultgate.simulator.arm.keyvault;

import io.vaultgate.simulator.http.ApiError;
import java.util.Locale;

/** The {@code operationKind} of {@code PUT .../vaults/{name}/accessPolicies/{operationKind}}. */
public enum AccessPolicyOperation {
  /** Creates the principal's entry, or adds the given permissions to it. */
  ADD,
  /** Sets the principal's entry to exactly the given permissions (creating it if needed). */
  REPLACE,
  /** Takes the given permissions away; an entry left with none is dropped. */
  REMOVE;

  /** The path segment, e.g. "add". */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static AccessPolicyOperation parse(String operationKind) {
    for (AccessPolicyOperation operation : values()) {
      if (operation.wireName().equalsIgnoreCase(operationKind)) {
        return operation;
      }
    }
    throw ApiError.badRequest("Invalid value found at operationKind: " + operationKind
        + ". The value must be one of 'add', 'replace' or 'remove'.");
  }
}
