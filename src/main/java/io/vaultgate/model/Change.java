package io.vaultgate.model;

/** One change to a vault, made or to be made, as shown in {@code status.plan} and in Events. */
public record Change(String action, String target, String value, String detail) {

  public static Change add(String target, String value, String detail) {
    return new Change("Add", target, value, detail);
  }

  public static Change remove(String target, String value) {
    return new Change("Remove", target, value, "no longer needed by any PrivateVaultAccess");
  }

  public static Change set(String target, String value, String detail) {
    return new Change("Set", target, value, detail);
  }

  @Override
  public String toString() {
    return action + " " + target + " " + value + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
