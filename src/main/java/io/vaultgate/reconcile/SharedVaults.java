package io.vaultgate.reconcile;

import io.vaultgate.model.InboundRangeTable;
import java.time.Clock;

/**
 * The one writer per vault and the view of everything that shares a vault, made once by the operator's wiring and
 * handed to both reconcilers: {@code PrivateVaultAccess}es and {@code AgentIpGrant}s write each vault through the
 * same {@link VaultCoordinator} and keep each other's rules ({@link Neighbourhood}). It holds them; it decides
 * nothing.
 */
public final class SharedVaults implements AutoCloseable {

  final Neighbourhood neighbours;
  final VaultCoordinator coordinator;
  final VaultRelease release;

  public SharedVaults(ReconcileSettings settings, InboundRangeTable ranges, Clock clock) {
    this.neighbours = new Neighbourhood(ranges, clock);
    this.coordinator = new VaultCoordinator(neighbours::onVault, settings.gatherWindow(), settings.requestTimeout(),
        VaultCoordinator.Scheduler.threads());
    this.release = new VaultRelease(coordinator, neighbours);
  }

  @Override
  public void close() {
    coordinator.close();
  }
}
