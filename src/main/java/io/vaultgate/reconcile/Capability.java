package io.vaultgate.reconcile;

import java.util.List;

/**
 * One thing a {@code PrivateVaultAccess} can ask for (the firewall, secret access, a private endpoint, the Azure
 * DevOps side), converged in one pass. A capability reads what the pass observed, changes only what its own ledger
 * proves is vaultgate's (in Plan mode it only lists the changes), records its ledger in the pass's next status, and
 * reports one result per condition it owns. It never writes the status to the API server, and it lets an Azure
 * failure propagate as an {@link io.vaultgate.port.AzureFailure}.
 */
interface Capability {

  /** Whether the spec asks for it, or its ledger still holds something to remove. */
  boolean concerns(Pass pass);

  List<CapabilityResult> converge(Pass pass);
}
