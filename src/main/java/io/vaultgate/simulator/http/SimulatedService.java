package io.vaultgate.simulator.http;

/**
 * One simulated remote service (ARM, Microsoft Graph, Azure DevOps): the contract between a service and the host
 * that serves it over HTTPS, each on its own port; TLS material, the request log and fault injection are shared.
 */
public interface SimulatedService {
  /** Short name used in the request log and fault rules, e.g. "arm". */
  String name();

  RouteTable routes();

  /** Answers a request: authentication, validation and dispatch. Errors come back as responses, not thrown. */
  SimResponse handle(SimRequest request);

  /** Renders an error in this service's wire format, with the headers the service always sends. */
  SimResponse error(SimRequest request, ApiError error);
}
