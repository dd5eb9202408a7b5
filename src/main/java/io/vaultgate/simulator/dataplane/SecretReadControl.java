package io.vaultgate.simulator.dataplane;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.NetworkAclsRules;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.network.SubnetId;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.RouteTable;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST <arm base>/_simulator/keyvault/secretRead}: asks {@link SecretReadDecision} over HTTPS, so that
 * black-box suites can check a data-plane path without internals. It owns the request's JSON shape and the
 * response's; it decides nothing itself. Body:
 * <pre>
 * {"vaultId": "/subscriptions/.../providers/Microsoft.KeyVault/vaults/kv",   required
 *  "principalId": "&lt;object id&gt;",        optional: without it only the network is decided
 *  "clientAddress": "203.0.113.7",        a caller on the internet; with subnetId, the agent's public egress address
 *  "subnetId": "/subscriptions/.../subnets/agents"}   an agent in that subnet
 * </pre>
 * At least one of {@code clientAddress} and {@code subnetId}. Answers 200 {@code {"allowed": true}}; 403 with Key
 * Vault's error body {@code {"error": {"code": "Forbidden", "message": "...", "innererror": {"code":
 * "ForbiddenByFirewall"}}}} for any denial (for {@code NameNotResolved}, which Key Vault never sends, the outer code
 * is {@code NameNotResolved} too); 400 for a malformed request; 404 when the vault or subnet does not exist.
 */
public final class SecretReadControl implements RouteTable.Handler {
  /** The path below {@code /_simulator/}. */
  public static final String PATH = "keyvault/secretRead";
  private static final Set<String> FIELDS = Set.of("vaultId", "principalId", "clientAddress", "subnetId");

  private final SecretReadDecision decision;
  private final KeyVaults vaults;
  private final VirtualNetworks networks;

  public SecretReadControl(SecretReadDecision decision, KeyVaults vaults, VirtualNetworks networks) {
    this.decision = decision;
    this.vaults = vaults;
    this.networks = networks;
  }

  @Override
  public SimResponse handle(SimRequest request) {
    if (!request.method().equals("POST")) {
      throw ApiError.unsupportedMethod("MethodNotAllowed", request);
    }
    ObjectNode body = SimJson.body(request);
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiError.badRequest("Unknown property '" + name + "'. Known properties: clientAddress, principalId,"
            + " subnetId, vaultId.");
      }
    }
    JsonFields fields = new JsonFields(body, "");
    SimVaultId vault = vault(fields.text("vaultId").orElseThrow(() -> fields.missing("vaultId")));
    Optional<String> address = fields.text("clientAddress");
    address.filter(a -> !NetworkAclsRules.isIpv4Address(a)).ifPresent(a -> {
      throw ApiError.badRequest("The property 'clientAddress' is not an IPv4 address: " + a + ".");
    });
    Optional<String> subnetId = fields.text("subnetId");
    subnetId.ifPresent(this::checkSubnet);
    SecretReadOrigin origin = subnetId.<SecretReadOrigin>map(s -> new SecretReadOrigin.FromSubnet(s, address))
        .or(() -> address.map(SecretReadOrigin.PublicAddress::new))
        .orElseThrow(() -> ApiError.badRequest("Name the caller's origin: 'clientAddress', 'subnetId' or both."));
    return render(decision.decide(vault, fields.text("principalId"), origin));
  }

  private SimVaultId vault(String vaultId) {
    SimVaultId id;
    try {
      id = SimVaultId.parse(vaultId);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("The property 'vaultId' is not a key vault resource id: " + vaultId + ".");
    }
    if (vaults.find(id).isEmpty()) {
      throw ArmService.resourceNotFound("Microsoft.KeyVault/vaults", id.name(), id.resourceGroup());
    }
    return id;
  }

  private void checkSubnet(String subnetId) {
    SubnetId id = SubnetId.tryParse(subnetId).orElseThrow(() -> ApiError.badRequest("The property 'subnetId' is not"
        + " a subnet resource id: " + subnetId + "."));
    if (networks.findSubnet(subnetId).isEmpty()) {
      throw ArmService.resourceNotFound(VirtualNetworks.TYPE + "/subnets", id.virtualNetwork().name() + "/"
          + id.name(), id.virtualNetwork().resourceGroup());
    }
  }

  private static SimResponse render(SecretReadOutcome outcome) {
    ObjectNode body = SimJson.object();
    if (outcome instanceof SecretReadOutcome.Denied denied) {
      String code = denied.denial().code();
      ObjectNode error = body.putObject("error")
          .put("code", denied.denial().httpStatus().isPresent() ? "Forbidden" : code)
          .put("message", denied.message());
      error.putObject("innererror").put("code", code);
      return SimResponse.json(403, body);
    }
    return SimResponse.json(200, body.put("allowed", true));
  }
}
