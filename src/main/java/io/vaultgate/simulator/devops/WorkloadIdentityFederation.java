package io.vaultgate.simulator.devops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.UUID;

/**
 * The issuer and subject of the tokens Azure DevOps presents to Microsoft Entra for an Azure Resource Manager
 * service connection with workload identity federation (Entra issuer, the format of new service connections).
 * The subject's encoding is what public examples show, not a documented contract: each GUID is the unpadded
 * base64url of its bytes in .NET {@code Guid.ToByteArray} order.
 */
final class WorkloadIdentityFederation {
  /** The application id of Azure DevOps in Microsoft Entra. */
  static final String AZURE_DEVOPS_APP_ID = "499b84ac-1321-427f-aa17-267ca6975798";

  private WorkloadIdentityFederation() {
  }

  static String issuer(String tenantId) {
    return "https://login.microsoftonline.com/" + tenantId + "/v2.0";
  }

  static String subject(String tenantId, String organizationId, String endpointId) {
    return "/eid1/c/pub/t/" + encode(tenantId) + "/a/" + encode(AZURE_DEVOPS_APP_ID) + "/sc/" + organizationId
        + "/" + endpointId;
  }

  /**
   * The GUID's 16 bytes as .NET lays them out (the first three groups little-endian, the last two as written), in
   * unpadded base64url.
   */
  static String encode(String guid) {
    UUID uuid = UUID.fromString(guid);
    long high = uuid.getMostSignificantBits();
    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putInt((int) (high >>> 32));
    bytes.putShort((short) (high >>> 16));
    bytes.putShort((short) high);
    bytes.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }
}
