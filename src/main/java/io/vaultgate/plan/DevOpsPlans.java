package io.vaultgate.plan;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Pure decisions about Azure DevOps and federated credentials: which objects are vaultgate's, whether a live
 * object matches what is wanted, and what to do about a federated credential.
 */
public final class DevOpsPlans {

  /** Entra's token-exchange audience for workload identity federation. */
  public static final String AUDIENCE = "api://AzureADTokenExchange";
  /** Graph and ARM allow at most 20 federated credentials per application or managed identity. */
  public static final int MAX_FEDERATED_CREDENTIALS = 20;

  private DevOpsPlans() {
  }

  /**
   * The description vaultgate gives what it creates: it names the owning resource and its uid, which is how an
   * object is recognised as vaultgate's (and whose) later, even when a crash lost the status.
   */
  public static String marker(String namespace, String name, String uid) {
    return "Managed by vaultgate for PrivateVaultAccess " + namespace + "/" + name + " (uid " + uid + ")."
        + " Changes made here are reverted.";
  }

  public enum Owner {
    /** Created by vaultgate for this resource. */
    THIS_RESOURCE,
    /** Created by vaultgate for another resource. */
    ANOTHER_RESOURCE,
    /** Not vaultgate's. */
    FOREIGN
  }

  public static Owner ownerOf(String description, String uid) {
    if (description == null || !description.contains("Managed by vaultgate for PrivateVaultAccess ")) {
      return Owner.FOREIGN;
    }
    return description.contains("(uid " + uid + ")") ? Owner.THIS_RESOURCE : Owner.ANOTHER_RESOURCE;
  }

  /** Ids compared ignoring case; names exactly; secrets as a set. */
  public static boolean sameSecrets(List<String> a, List<String> b) {
    return lower(a).equals(lower(b)) && a.size() == b.size();
  }

  /**
   * The wanted secret names the vault lacks, in the spec's order. Names compare ignoring case, as Key Vault compares
   * object identifiers (learn.microsoft.com/azure/key-vault/about-keys-secrets-and-certificates, "Object
   * identifiers").
   */
  public static List<String> missingSecrets(List<String> wanted, Collection<String> present) {
    Set<String> have = lower(List.copyOf(present));
    return wanted.stream().filter(w -> !have.contains(w.toLowerCase(Locale.ROOT))).toList();
  }

  private static Set<String> lower(List<String> values) {
    Set<String> result = new HashSet<>();
    values.forEach(v -> result.add(v.toLowerCase(Locale.ROOT)));
    return result;
  }

  /** The deterministic credential name for a service connection (URL-friendly, at most 120 characters). */
  public static String credentialName(String serviceConnectionId) {
    return "vaultgate-" + serviceConnectionId.toLowerCase(Locale.ROOT);
  }

  /** A federated credential as listed. */
  public record Credential(String name, String issuer, String subject, List<String> audiences) {
    boolean matches(String issuer, String subject) {
      return this.issuer.equals(issuer) && this.subject.equals(subject) && audiences.contains(AUDIENCE);
    }
  }

  public enum CredentialAction {
    /** Nothing to write: ours is right. */
    NONE,
    /** Someone else's credential already matches issuer and subject: satisfied, not owned. */
    ADOPTED,
    /** Create ours, or fix its issuer/subject. */
    UPSERT,
    /** The identity already has the maximum number of credentials and ours is not among them. */
    LIMIT
  }

  /**
   * @param delete names of credentials this resource created earlier that are no longer wanted
   */
  public record CredentialPlan(CredentialAction action, List<String> delete) {
  }

  /**
   * @param ledgerName the name of the credential this resource created before, if any (the connection may have been
   *     recreated since, with a new id and so a new name)
   */
  public static CredentialPlan planCredential(List<Credential> existing, String name, String issuer, String subject,
      Optional<String> ledgerName) {
    List<String> delete = ledgerName.filter(old -> !old.equalsIgnoreCase(name))
        .filter(old -> existing.stream().anyMatch(c -> c.name().equalsIgnoreCase(old))).stream().toList();
    Optional<Credential> ours = existing.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    if (ours.isPresent()) {
      return new CredentialPlan(ours.get().matches(issuer, subject) ? CredentialAction.NONE : CredentialAction.UPSERT,
          delete);
    }
    if (existing.stream().anyMatch(c -> c.matches(issuer, subject))) {
      return new CredentialPlan(CredentialAction.ADOPTED, delete);
    }
    // the stale credential is removed first, which frees a slot
    if (existing.size() - delete.size() >= MAX_FEDERATED_CREDENTIALS) {
      return new CredentialPlan(CredentialAction.LIMIT, delete);
    }
    return new CredentialPlan(CredentialAction.UPSERT, delete);
  }
}
