package io.vaultgate.port;

/** Azure DevOps as one identity's Entra token, or as a personal access token a resource supplies. */
public interface DevOpsPorts {

  DevOpsPort operatorIdentity();

  /** The token travels only in the Authorization header, over HTTPS. */
  DevOpsPort withPersonalAccessToken(String token);
}
