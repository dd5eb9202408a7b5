package io.vaultgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.model.Role;
import io.vaultgate.model.RoleAssignment;
import io.vaultgate.model.RoleNeed;
import io.vaultgate.plan.RoleAssignmentPlanner.Plan;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleAssignmentPlannerTest {

  static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
  static final String VAULT = SUB + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
  static final String SP = "11111111-1111-1111-1111-111111111111";
  static final RoleNeed SECRETS_USER = new RoleNeed(VAULT, SP, Role.KEY_VAULT_SECRETS_USER);

  static RoleAssignment assignment(String name, String scope, Role role) {
    return new RoleAssignment(scope + "/providers/Microsoft.Authorization/roleAssignments/" + name, name, scope, SP,
        SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + role.definitionId());
  }

  @Test
  void assignmentNameIsDeterministicAndAGuid() {
    assertThat(SECRETS_USER.assignmentName()).isEqualTo(new RoleNeed(VAULT.toUpperCase(), SP.toUpperCase(),
        Role.KEY_VAULT_SECRETS_USER).assignmentName()).matches("[0-9a-f-]{36}");
    assertThat(SECRETS_USER.assignmentName()).isNotEqualTo(new RoleNeed(VAULT, SP, Role.READER).assignmentName());
  }

  @Test
  void missingRoleIsCreatedUnderTheDeterministicNameAndOwned() {
    Plan plan = RoleAssignmentPlanner.plan(List.of(), List.of(SECRETS_USER), Set.of(), List.of());
    assertThat(plan.create()).containsExactly(SECRETS_USER);
    assertThat(plan.ledger()).containsExactly(SECRETS_USER.assignmentId());
  }

  @Test
  void roleGrantedBySomeoneElseIsAdoptedNotOwned() {
    Plan atScope = RoleAssignmentPlanner.plan(List.of(assignment("someone", VAULT, Role.KEY_VAULT_SECRETS_USER)),
        List.of(SECRETS_USER), Set.of(), List.of());
    assertThat(atScope.create()).isEmpty();
    assertThat(atScope.ledger()).isEmpty();
    Plan inherited = RoleAssignmentPlanner.plan(List.of(assignment("someone", SUB, Role.KEY_VAULT_SECRETS_USER)),
        List.of(SECRETS_USER), Set.of(), List.of());
    assertThat(inherited.create()).isEmpty();
  }

  @Test
  void assignmentCreatedBeforeACrashIsFoundAgainNotDuplicated() {
    Plan plan = RoleAssignmentPlanner.plan(List.of(assignment(SECRETS_USER.assignmentName(), VAULT,
        Role.KEY_VAULT_SECRETS_USER)), List.of(SECRETS_USER), Set.of(), List.of());
    assertThat(plan.create()).isEmpty();
    assertThat(plan.ledger()).containsExactly(SECRETS_USER.assignmentId());
  }

  @Test
  void ownedAssignmentRemovedOutsideIsRestored() {
    Plan plan = RoleAssignmentPlanner.plan(List.of(), List.of(SECRETS_USER), Set.of(SECRETS_USER.assignmentId()),
        List.of());
    assertThat(plan.create()).containsExactly(SECRETS_USER);
    assertThat(plan.changes().get(0).detail()).contains("restored");
  }

  @Test
  void ownedAssignmentNoLongerWantedIsDeletedUnlessAnotherResourceNeedsIt() {
    RoleAssignment ours = assignment(SECRETS_USER.assignmentName(), VAULT, Role.KEY_VAULT_SECRETS_USER);
    Plan alone = RoleAssignmentPlanner.plan(List.of(ours), List.of(), Set.of(ours.id()), List.of());
    assertThat(alone.delete()).containsExactly(ours);
    Plan shared = RoleAssignmentPlanner.plan(List.of(ours), List.of(), Set.of(ours.id()), List.of(SECRETS_USER));
    assertThat(shared.delete()).isEmpty();
  }

  @Test
  void foreignAssignmentIsNeverDeleted() {
    RoleAssignment foreign = assignment("someone", VAULT, Role.KEY_VAULT_SECRETS_USER);
    Plan plan = RoleAssignmentPlanner.plan(List.of(foreign), List.of(), Set.of(), List.of());
    assertThat(plan.delete()).isEmpty();
  }

  @Test
  void roleAtAChildScopeDoesNotSatisfyTheVault() {
    assertThat(RoleAssignment.covers(VAULT + "/secrets/x", VAULT)).isFalse();
    assertThat(RoleAssignment.covers(SUB, VAULT)).isTrue();
    assertThat(RoleAssignment.covers(SUB + "/resourceGroups/rg2", VAULT)).isFalse();
  }
}
