package io.vaultgate.simulator.graph;

import io.vaultgate.simulator.http.Guid;
import java.util.List;
import java.util.Objects;

/**
 * A federated identity credential: Microsoft Entra gives a token for the app or managed identity that holds it to
 * a workload presenting a token with exactly this issuer and subject, for one of the audiences.
 *
 * @param id          Graph's object id of the credential (a GUID; managed identities do not show it)
 * @param name        unique on its holder, compared ignoring case; never changes
 * @param description Graph only; null when none
 */
public record FederatedIdentityCredential(String id, String name, String issuer, String subject,
                      List<String> audiences, String description) {
  /** The audience Microsoft Entra expects in tokens exchanged for its own. */
  public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

  public FederatedIdentityCredential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    audiences = List.copyOf(audiences);
  }

  /** A credential with a fresh id, for {@link #TOKEN_EXCHANGE_AUDIENCE}, without description. */
  public static FederatedIdentityCredential of(String name, String issuer, String subject) {
    return new FederatedIdentityCredential(Guid.random(), name, issuer, subject, List.of(TOKEN_EXCHANGE_AUDIENCE),
        null);
  }

  /** Whether a token with these claims is exchanged through this credential (issuer and subject compare exactly). */
  public boolean accepts(String issuer, String subject, String audience) {
    return this.issuer != null && this.issuer.equals(issuer) && this.subject != null && this.subject.equals(subject)
        && audiences.contains(audience);
  }

  FederatedIdentityCredential withId(String id) {
    return new FederatedIdentityCredential(id, name, issuer, subject, audiences, description);
  }
}
