package io.vaultgate.simulator.arm.keyvault;

/** {@code properties.sku}: family "A", name "standard" or "premium". */
public record Sku(String family, String name) {
  public static final Sku STANDARD = new Sku("A", "standard");
  public static final Sku PREMIUM = new Sku("A", "premium");
}
