package io.vaultgate.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import io.vaultgate.http.RestCalls;
import io.vaultgate.model.RoleAssignment;
import io.vaultgate.model.RoleNeed;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.RoleAssignmentPort;
import io.vaultgate.model.RolePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link RoleAssignmentPort} over the Authorization management client (api-version 2022-04-01). */
public final class RoleAssignmentAdapter implements RoleAssignmentPort {

  private final AzureClients clients;

  public RoleAssignmentAdapter(AzureClients clients) {
    this.clients = clients;
  }

  @Override
  public List<RoleAssignment> list(String subscriptionId, String scope, String principalId) {
    // the client sends $filter as given (encoded = true), so it must be URL-encoded here
    String filter = RestCalls.encode("principalId eq '" + principalId + "'");
    return Calls.call(() -> assignments(subscriptionId).listForScope(scope, filter, null, null, Context.NONE).stream()
        .map(a -> new RoleAssignment(a.id(), a.name(), a.scope(), a.principalId(), a.roleDefinitionId()))
        .toList());
  }

  @Override
  public Optional<RolePermissions> definition(String subscriptionId, String roleDefinitionId) {
    return Calls.found(() -> clients.authorization(subscriptionId).roleServiceClient().getRoleDefinitions()
        .getById(roleDefinitionId)).map(d -> {
          List<String> data = new ArrayList<>();
          List<String> notData = new ArrayList<>();
          if (d.permissions() != null) {
            d.permissions().forEach(p -> {
              data.addAll(p.dataActions() == null ? List.of() : p.dataActions());
              notData.addAll(p.notDataActions() == null ? List.of() : p.notDataActions());
            });
          }
          return new RolePermissions(d.id(), d.roleName(), data, notData);
        });
  }

  @Override
  public Created create(String subscriptionId, RoleNeed need) {
    // principalType avoids PrincipalNotFound while a new principal is still replicating
    RoleAssignmentCreateParameters parameters = new RoleAssignmentCreateParameters()
        .withRoleDefinitionId("/subscriptions/" + subscriptionId + "/providers/Microsoft.Authorization/roleDefinitions/"
            + need.role().definitionId())
        .withPrincipalId(need.principalId())
        .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL);
    try {
      Calls.run(() -> assignments(subscriptionId).createWithResponse(need.scope(), need.assignmentName(), parameters,
          Context.NONE));
      return Created.CREATED;
    } catch (AzureFailure failure) {
      if (failure.kind() == AzureFailure.Kind.ALREADY_EXISTS) {
        return Created.ALREADY_GRANTED;
      }
      throw failure;
    }
  }

  @Override
  public void delete(String subscriptionId, RoleAssignment assignment) {
    Calls.delete(() -> assignments(subscriptionId).deleteWithResponse(assignment.scope(), assignment.name(), null,
        Context.NONE));
  }

  private RoleAssignmentsClient assignments(String subscriptionId) {
    return clients.authorization(subscriptionId).roleServiceClient().getRoleAssignments();
  }
}
