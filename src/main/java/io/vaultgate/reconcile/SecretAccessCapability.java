package io.vaultgate.reconcile;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.EventReason;
import io.vaultgate.api.PrivateVaultAccessStatus.SecretAccessStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.Change;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.LiveVault;
import io.vaultgate.model.Role;
import io.vaultgate.model.RoleNeed;
import io.vaultgate.plan.AccessPolicyPlanner;
import io.vaultgate.plan.AccessPolicyPlanner.Grant;
import io.vaultgate.plan.RoleAssignmentPlanner;
import io.vaultgate.port.IdentityPort.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Secret access for the pipeline identity: secret get and list through an access policy (written by the vault
 * writer with the firewall) or, on an RBAC vault, a Key Vault Secrets User role assignment, plus the optional extra
 * roles. Reads both back before calling it done. Never creates identities; never removes a permission or assignment
 * its ledger does not hold, or that another resource on the vault still needs.
 */
final class SecretAccessCapability implements Capability {

  private static final String TYPE = Conditions.SECRET_ACCESS_READY;

  private final ReconcileSettings settings;
  private final Backoff backoff;
  private final Neighbourhood neighbours;
  private final RoleAssignments roleAssignments = new RoleAssignments();

  SecretAccessCapability(ReconcileSettings settings, Backoff backoff, Neighbourhood neighbours) {
    this.settings = settings;
    this.backoff = backoff;
    this.neighbours = neighbours;
  }

  @Override
  public boolean concerns(Pass pass) {
    return pass.access().identity().isPresent() || pass.vault().access().isPresent()
        || !pass.next().secretAccess.ownedRoleAssignments.isEmpty();
  }

  @Override
  public List<CapabilityResult> converge(Pass pass) {
    DesiredAccess access = pass.access();
    SecretAccessStatus ledger = pass.next().secretAccess;
    Optional<Grant> unrevoked = pass.vault().unrevoked();
    pass.vault().access().ifPresent(o -> {
      // permissions the vault still grants after their removal stay owned: the ledger keeps them, not the new grant
      Optional<Grant> owned = unrevoked.isPresent() ? unrevoked : o.ledger();
      ledger.accessPolicyObjectId = owned.map(Grant::principalId).orElse(null);
      ledger.ownedSecretPermissions = owned.map(g -> List.copyOf(g.permissions())).orElse(List.of());
      ledger.pendingSecretPermissions = List.of();
    });
    List<Change> changes = new ArrayList<>(pass.vault().access().map(AccessPolicyPlanner.Outcome::changes)
        .orElse(List.of()));
    if (unrevoked.isPresent()) {
      String message = notRevoked(pass.access().vault().name(), unrevoked.get());
      return List.of(new CapabilityResult(CapabilityState.retrying(TYPE, Reason.AccessPolicyNotRevoked,
          Severity.Warning, message), changes, List.of(Notice.failure(Reason.AccessPolicyNotRevoked, message)),
          backoff.next(pass.ref().owner())));
    }
    // present whenever the spec names an identity: a missing one stops the pass before any write (Prerequisites)
    Optional<String> principal = pass.observed().principal().map(Principal::objectId);
    if (access.identity().isEmpty() && ledger.ownedRoleAssignments.isEmpty()) {
      return List.of(removed(pass, changes));
    }
    boolean rbac = pass.vault().before().rbacAuthorization();
    Optional<String> previousPrincipal = Optional.ofNullable(ledger.principalId);
    ledger.vault = access.vault().toString();
    ledger.model = rbac ? "Rbac" : "AccessPolicy";
    principal.ifPresent(p -> ledger.principalId = p);
    if (pass.vault().modelMismatch()) {
      String message = "spec.vault.permissionModel is " + access.permissionModel() + " but vault "
          + access.vault().name() + (rbac
          ? " uses Azure RBAC (enableRbacAuthorization: true), which ignores access policies"
          : " uses access policies (enableRbacAuthorization: false), which ignore data-plane role assignments")
          + "; set permissionModel: Auto, or change the vault";
      return List.of(new CapabilityResult(CapabilityState.stalled(TYPE, Reason.PermissionModelMismatch, message),
          List.of(), List.of(Notice.state(EventRecorder.Type.Warning, Reason.PermissionModelMismatch, message)),
          settings.resync()));
    }
    List<RoleNeed> wanted = principal.map(p -> RoleAssignmentPlanner.needs(access, p, rbac)).orElse(List.of());
    Set<String> principals = new LinkedHashSet<>();
    principal.ifPresent(principals::add);
    previousPrincipal.ifPresent(principals::add);
    RoleAssignments.Result granted = roleAssignments.converge(pass.ports().roles(), access.vault(), wanted,
        new LinkedHashSet<>(ledger.ownedRoleAssignments), principals,
        neighbours.roleNeeds(pass.ref().owner(), access.vault(), rbac), access.dryRun());
    ledger.ownedRoleAssignments = List.copyOf(granted.ledger());
    changes.addAll(granted.changes());
    if (access.identity().isEmpty()) {
      return List.of(removed(pass, changes));
    }
    if (access.dryRun()) {
      return List.of(new CapabilityResult(PlanMode.state(TYPE, "secret access", changes), changes, List.of(),
          settings.resync()));
    }
    return List.of(verified(pass, principal.orElseThrow(), rbac, granted, changes, events(pass, changes)));
  }

  /** Said alike in the condition, the Warning Event and, when deleting, the cleanup's failure. */
  static String notRevoked(String vault, Grant grant) {
    return "vault " + vault + ": accessPolicies/remove answered success but principal " + grant.principalId()
        + " still holds secret " + String.join(", ", grant.permissions()) + "; they stay in the ledger and their"
        + " removal is retried (remove them in the vault's access policies to settle this by hand)";
  }

  /** The spec no longer names an identity: what it held is released, with no condition to report. */
  private CapabilityResult removed(Pass pass, List<Change> changes) {
    return CapabilityResult.removed(changes, pass.dryRun() ? List.of() : events(pass, changes), settings.resync());
  }

  private static List<Notice> events(Pass pass, List<Change> changes) {
    List<Notice> events = new ArrayList<>();
    if (!changes.isEmpty()) {
      events.add(Notice.change(EventReason.Change.SecretAccessUpdated, "vault " + pass.access().vault().name() + ": "
          + PlanMode.listed(changes)));
    }
    return events;
  }

  /** Ready only once the grant is read back from Azure. */
  private CapabilityResult verified(Pass pass, String principal, boolean rbac, RoleAssignments.Result granted,
      List<Change> changes, List<Notice> events) {
    String vaultName = pass.access().vault().name();
    String who = "principal " + principal;
    boolean effective = rbac ? granted.satisfied() : readsSecrets(pass.vault().after(), principal);
    if (!effective) {
      return new CapabilityResult(CapabilityState.retrying(TYPE, Reason.AzureError, Severity.Warning, "vault "
          + vaultName + ": secret get and list for " + who + " did not take effect yet"), changes, events,
          backoff.next(pass.ref().owner()));
    }
    String how = rbac ? "role " + Role.KEY_VAULT_SECRETS_USER.name() + (granted.ledger().isEmpty()
        ? " (granted by someone else)" : " (assigned by vaultgate)")
        : "an access policy" + (pass.next().secretAccess.ownedSecretPermissions.isEmpty() ? " (already granted)"
        : " (vaultgate added " + String.join(", ", pass.next().secretAccess.ownedSecretPermissions) + ")");
    String message = who + " can get and list secrets of vault " + vaultName + " through " + how;
    if (rbac && pass.vault().before().approvedPrivateEndpoints() > 0
        && pass.access().devOps().variableGroup().isPresent()) {
      String warning = "vault " + vaultName + " uses Azure RBAC behind a private endpoint, which Azure DevOps does"
          + " not support for linking variable groups (it is not a trusted service); consider the access-policy"
          + " permission model for this vault";
      events.add(Notice.state(EventRecorder.Type.Warning, EventReason.VaultWarning.RbacPrivateEndpointVariableGroup,
          warning));
      message = who + " can get and list secrets of vault " + vaultName + " through role "
          + Role.KEY_VAULT_SECRETS_USER.name() + "; warning: " + warning;
    }
    return new CapabilityResult(CapabilityState.ready(TYPE, Reason.Converged, message), changes, events,
        settings.resync());
  }

  private static boolean readsSecrets(LiveVault vault, String principal) {
    Set<String> held = vault.secretPermissions().getOrDefault(principal, Set.of());
    return held.contains("all") || held.containsAll(AccessPolicyPlanner.SECRET_READ);
  }
}
