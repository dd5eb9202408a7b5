package io.vaultgate.model;

/** An Azure built-in role, by its definition GUID (the same in every tenant). */
public record Role(String name, String definitionId) {
  public static final Role KEY_VAULT_SECRETS_USER = new Role("Key Vault Secrets User",
      "4633458b-17de-408a-b874-0445c86b69e6");
  public static final Role KEY_VAULT_CONTRIBUTOR = new Role("Key Vault Contributor",
      "f25e0fa2-a7c8-4377-a976-54943a77a395");
  public static final Role READER = new Role("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7");
}
