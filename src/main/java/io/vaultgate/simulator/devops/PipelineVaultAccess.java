package io.vaultgate.simulator.devops;

import io.vaultgate.simulator.http.ApiError;

/**
 * Whether Azure DevOps, through a service connection, can list a vault's secrets (what linking a variable group
 * to the vault and running its pipelines need), and if not, why: {@code statusCode} as the endpoint proxy reports
 * it ("unauthorized" for a failed token exchange, "forbidden" for the vault's firewall or permissions, "notFound",
 * "badRequest"), {@code reason} the error text.
 */
public record PipelineVaultAccess(boolean ok, String statusCode, String reason) {
  public static final String OK = "ok";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String FORBIDDEN = "forbidden";
  public static final String NOT_FOUND = "notFound";
  public static final String BAD_REQUEST = "badRequest";

  static PipelineVaultAccess granted() {
    return new PipelineVaultAccess(true, OK, "");
  }

  static PipelineVaultAccess denied(String statusCode, String reason) {
    return new PipelineVaultAccess(false, statusCode, reason);
  }

  /** A lookup that failed before any token was asked for (no such organization, project or connection). */
  public static PipelineVaultAccess of(ApiError error) {
    return denied(error.status() == 404 ? NOT_FOUND : BAD_REQUEST, error.getMessage());
  }
}
