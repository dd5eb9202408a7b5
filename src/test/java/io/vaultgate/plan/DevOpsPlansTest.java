package io.vaultgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.plan.DevOpsPlans.Credential;
import io.vaultgate.plan.DevOpsPlans.CredentialAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DevOpsPlansTest {

  static final String ISSUER = "https://login.microsoftonline.com/t/v2.0";
  static final String SUBJECT = "/eid1/c/pub/t/x/a/rISbSSETf0KqFyZ8ppdXmA/sc/org/sc1";

  static Credential credential(String name, String subject) {
    return new Credential(name, ISSUER, subject, List.of(DevOpsPlans.AUDIENCE));
  }

  @Test
  void markerRecognisesThisResourceAnotherAndForeignObjects() {
    String marker = DevOpsPlans.marker("team", "pipelines", "uid-1");
    assertThat(DevOpsPlans.ownerOf(marker, "uid-1")).isEqualTo(DevOpsPlans.Owner.THIS_RESOURCE);
    assertThat(DevOpsPlans.ownerOf(marker, "uid-2")).isEqualTo(DevOpsPlans.Owner.ANOTHER_RESOURCE);
    assertThat(DevOpsPlans.ownerOf("created by hand", "uid-1")).isEqualTo(DevOpsPlans.Owner.FOREIGN);
    assertThat(DevOpsPlans.ownerOf(null, "uid-1")).isEqualTo(DevOpsPlans.Owner.FOREIGN);
  }

  @Test
  void missingCredentialIsCreatedAndARightOneLeftAlone() {
    String name = DevOpsPlans.credentialName("SC1");
    assertThat(name).isEqualTo("vaultgate-sc1");
    assertThat(DevOpsPlans.planCredential(List.of(), name, ISSUER, SUBJECT, Optional.empty()).action())
        .isEqualTo(CredentialAction.UPSERT);
    assertThat(DevOpsPlans.planCredential(List.of(credential(name, SUBJECT)), name, ISSUER, SUBJECT,
        Optional.of(name)).action()).isEqualTo(CredentialAction.NONE);
  }

  @Test
  void driftedSubjectIsFixed() {
    String name = DevOpsPlans.credentialName("sc1");
    assertThat(DevOpsPlans.planCredential(List.of(credential(name, "sc://old/subject")), name, ISSUER, SUBJECT,
        Optional.of(name)).action()).isEqualTo(CredentialAction.UPSERT);
  }

  @Test
  void someoneElsesMatchingCredentialIsAdopted() {
    assertThat(DevOpsPlans.planCredential(List.of(credential("by-hand", SUBJECT)), "vaultgate-sc1", ISSUER, SUBJECT,
        Optional.empty()).action()).isEqualTo(CredentialAction.ADOPTED);
  }

  @Test
  void replacedConnectionsCredentialIsDeletedAndFreesASlot() {
    List<Credential> full = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      full.add(credential("other-" + i, "s" + i));
    }
    full.add(credential("vaultgate-old", "sc://old"));
    var plan = DevOpsPlans.planCredential(full, "vaultgate-new", ISSUER, SUBJECT, Optional.of("vaultgate-old"));
    assertThat(plan.delete()).containsExactly("vaultgate-old");
    assertThat(plan.action()).isEqualTo(CredentialAction.UPSERT);
  }

  @Test
  void twentyForeignCredentialsIsTheLimit() {
    List<Credential> full = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      full.add(credential("other-" + i, "s" + i));
    }
    assertThat(DevOpsPlans.planCredential(full, "vaultgate-sc1", ISSUER, SUBJECT, Optional.empty()).action())
        .isEqualTo(CredentialAction.LIMIT);
  }

  @Test
  void secretsCompareAsSetsIgnoringCase() {
    assertThat(DevOpsPlans.sameSecrets(List.of("a", "B"), List.of("b", "A"))).isTrue();
    assertThat(DevOpsPlans.sameSecrets(List.of("a"), List.of("a", "b"))).isFalse();
  }

  @Test
  void missingSecretsAreTheWantedNamesTheVaultLacksIgnoringCaseInTheSpecsOrder() {
    assertThat(DevOpsPlans.missingSecrets(List.of("dbPassword", "apiKey", "tlsCert"), Set.of("DBPASSWORD", "other")))
        .containsExactly("apiKey", "tlsCert");
    assertThat(DevOpsPlans.missingSecrets(List.of("dbPassword"), Set.of("dbpassword"))).isEmpty();
    assertThat(DevOpsPlans.missingSecrets(List.of("b", "a"), Set.of())).containsExactly("b", "a");
  }
}
