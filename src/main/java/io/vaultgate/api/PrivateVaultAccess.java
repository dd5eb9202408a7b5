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
import io.vaultgate.model.ReconcilePolicy;

/**
 * A team's declaration that one private Key Vault must be open to its Azure Pipelines, and to nothing else.
 * The status is the operator's ledger: it records exactly what vaultgate created, so deletion removes only that.
 */
@Group(PrivateVaultAccess.GROUP)
@Version(PrivateVaultAccess.VERSION)
@Kind("PrivateVaultAccess")
@Plural("privatevaultaccesses")
@Singular("privatevaultaccess")
@ShortNames("pva")
@Categories("vaultgate")
@AdditionalPrinterColumn(name = "Vault", jsonPath = ".status.vaultName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Geography", jsonPath = ".spec.devOps.geography", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PrivateVaultAccess extends CustomResource<PrivateVaultAccessSpec, PrivateVaultAccessStatus>
    implements Namespaced {

  public static final String GROUP = "vaultgate.io";
  public static final String VERSION = "v1alpha1";
  public static final String FINALIZER = "privatevaultaccesses.vaultgate.io/finalizer";
  public static final String RECONCILE_POLICY_ANNOTATION = ReconcilePolicy.ANNOTATION;

  /** A spec this version cannot read arrives empty, saying why, instead of stopping the informer. */
  @Override
  @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = LenientSpec.OfAccess.class)
  public void setSpec(PrivateVaultAccessSpec spec) {
    super.setSpec(spec);
  }

}
