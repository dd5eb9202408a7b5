package io.vaultgate.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A time-boxed opening of a vault's firewall to one Microsoft-hosted agent's public address, made by a pipeline at
 * the start of a job (it needs only the right to create, get and delete grants in its namespace) and deleted at its
 * end. vaultgate adds the address through the same per-vault writer and ledger as the {@code PrivateVaultAccess} it
 * names, and removes it when the grant expires, is deleted, or its {@code PrivateVaultAccess} goes, whatever
 * happens to the job. The status is the grant's ledger.
 */
@Group(PrivateVaultAccess.GROUP)
@Version(PrivateVaultAccess.VERSION)
@Kind("AgentIpGrant")
@Plural("agentipgrants")
@Singular("agentipgrant")
@ShortNames("aig")
@Categories("vaultgate")
@AdditionalPrinterColumn(name = "Access", jsonPath = ".spec.accessRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Vault", jsonPath = ".status.vaultName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Address", jsonPath = ".spec.ipAddress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".status.expiresAt", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class AgentIpGrant extends CustomResource<AgentIpGrantSpec, AgentIpGrantStatus> implements Namespaced {

  public static final String FINALIZER = "agentipgrants.vaultgate.io/finalizer";

  /** A spec this version cannot read arrives empty, saying why, instead of stopping the informer. */
  @Override
  @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = LenientSpec.OfGrant.class)
  public void setSpec(AgentIpGrantSpec spec) {
    super.setSpec(spec);
  }

}
