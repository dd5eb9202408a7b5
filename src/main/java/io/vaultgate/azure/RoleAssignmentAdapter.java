package io.vaultgate.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import io.vaultgate.plan.RoleAssignmentPlanner.Assignment;
import io.vaultgate.plan.RoleAssignmentPlanner.Need;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@link RoleAssignmentPort} over the Authorization management client (api-version 2022-04-01). */
public final class RoleAssignmentAdapter implements RoleAssignmentPort {

  private final AzureClients clients;

  public RoleAssignmentAdapter(AzureClients clients) {
    this.clients = clients;
  }

  @Override
  public List<Assignment> list(String subscriptionId, String scope, String principalId) {
    try {
      // the client sends $filter as given (encoded = true), so it must be URL-encoded here
      String filter = URLEncoder.encode("principalId eq '" + principalId + "'", StandardCharsets.UTF_8)
          .replace("+", "%20");
      return assignments(subscriptionId).listForScope(scope, filter, null, null, Context.NONE).stream()
          .map(a -> new Assignment(a.id(), a.name(), a.scope(), a.principalId(), a.roleDefinitionId()))
          .toList();
    } catch (RuntimeException e) {
      throw AzureErrors.classify(e);
    }
  }

  @Override
  public Created create(String subscriptionId, Need need) {
    // principalType avoids PrincipalNotFound while a new principal is still replicating
    RoleAssignmentCreateParameters parameters = new RoleAssignmentCreateParameters()
        .withRoleDefinitionId("/subscriptions/" + subscriptionId + "/providers/Microsoft.Authorization/roleDefinitions/"
            + need.role().definitionId())
        .withPrincipalId(need.principalId())
        .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL);
    try {
      assignments(subscriptionId).createWithResponse(need.scope(), need.assignmentName(), parameters, Context.NONE);
      return Created.CREATED;
    } catch (RuntimeException e) {
      AzureFailure failure = AzureErrors.classify(e);
      if ("RoleAssignmentExists".equals(failure.code())) {
        return Created.ALREADY_GRANTED;
      }
      throw failure;
    }
  }

  @Override
  public void delete(String subscriptionId, Assignment assignment) {
    try {
      assignments(subscriptionId).deleteWithResponse(assignment.scope(), assignment.name(), null, Context.NONE);
    } catch (RuntimeException e) {
      AzureFailure failure = AzureErrors.classify(e);
      if (failure.kind() != AzureFailure.Kind.NOT_FOUND) {
        throw failure;
      }
    }
  }

  private RoleAssignmentsClient assignments(String subscriptionId) {
    return clients.authorization(subscriptionId).roleServiceClient().getRoleAssignments();
  }
}
