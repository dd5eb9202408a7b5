package io.vaultgate.simulator.graph;

import io.vaultgate.simulator.http.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The federated identity credentials of many holders (app registrations, or user-assigned identities), with the
 * rules Microsoft Entra enforces for both: at most {@link #MAX_PER_HOLDER} per holder, names of at most
 * {@link #MAX_NAME_LENGTH} characters, issuer, subject and audience of at most {@link #MAX_VALUE_LENGTH}, exactly
 * one audience, and each (issuer, subject) pair at most once per holder. Graph and ARM word the failures
 * differently, so each passes its own {@link Errors}.
 */
public final class FederatedCredentials {
  static final int MAX_PER_HOLDER = 20;
  public static final int MAX_NAME_LENGTH = 120;
  public static final int MAX_VALUE_LENGTH = 600;

  /** How one front end reports each broken rule. */
  public interface Errors {
    /** A missing, empty or too long value. */
    ApiError invalid(String property, String value);

    ApiError tooMany(int max);

    ApiError duplicateIssuerAndSubject(FederatedIdentityCredential candidate);

    /** A create under a name that is taken, where the front end does not replace. */
    ApiError nameTaken(String name);
  }

  public record Put(FederatedIdentityCredential credential, boolean created) {
  }

  /** By lower-case holder key, in creation order. */
  private final Map<String, List<FederatedIdentityCredential>> byHolder = new ConcurrentHashMap<>();

  public synchronized List<FederatedIdentityCredential> list(String holder) {
    return List.copyOf(byHolder.getOrDefault(key(holder), List.of()));
  }

  /** By id or by name (ignoring case), as Graph looks them up. */
  public synchronized Optional<FederatedIdentityCredential> find(String holder, String idOrName) {
    return list(holder).stream()
        .filter(c -> c.id().equalsIgnoreCase(idOrName) || c.name().equalsIgnoreCase(idOrName))
        .findFirst();
  }

  /**
   * Adds the credential, or with {@code replace} replaces the one of the same name (keeping its id and place).
   *
   * @throws ApiError from {@code errors} when a rule is broken
   */
  public synchronized Put put(String holder, FederatedIdentityCredential credential, boolean replace, Errors errors) {
    check(credential, errors);
    List<FederatedIdentityCredential> current = new ArrayList<>(list(holder));
    int index = indexOfName(current, credential.name());
    if (index >= 0 && !replace) {
      throw errors.nameTaken(credential.name());
    }
    for (int i = 0; i < current.size(); i++) {
      FederatedIdentityCredential other = current.get(i);
      if (i != index && other.issuer().equals(credential.issuer()) && other.subject().equals(credential.subject())) {
        throw errors.duplicateIssuerAndSubject(credential);
      }
    }
    if (index < 0 && current.size() >= MAX_PER_HOLDER) {
      throw errors.tooMany(MAX_PER_HOLDER);
    }
    FederatedIdentityCredential stored = index < 0 ? credential : credential.withId(current.get(index).id());
    if (index < 0) {
      current.add(stored);
    } else {
      current.set(index, stored);
    }
    byHolder.put(key(holder), List.copyOf(current));
    return new Put(stored, index < 0);
  }

  /** @return the removed credential, found by id or name */
  public synchronized Optional<FederatedIdentityCredential> delete(String holder, String idOrName) {
    Optional<FederatedIdentityCredential> found = find(holder, idOrName);
    found.ifPresent(c -> byHolder.put(key(holder), list(holder).stream().filter(o -> o != c).toList()));
    return found;
  }

  /** Forgets a deleted holder's credentials. */
  public synchronized void removeHolder(String holder) {
    byHolder.remove(key(holder));
  }

  private static void check(FederatedIdentityCredential credential, Errors errors) {
    checkValue("name", credential.name(), MAX_NAME_LENGTH, errors);
    checkValue("issuer", credential.issuer(), MAX_VALUE_LENGTH, errors);
    checkValue("subject", credential.subject(), MAX_VALUE_LENGTH, errors);
    List<String> audiences = credential.audiences();
    if (audiences.size() != 1) {
      throw errors.invalid("audiences", String.join(",", audiences));
    }
    checkValue("audiences", audiences.get(0), MAX_VALUE_LENGTH, errors);
  }

  private static void checkValue(String property, String value, int maxLength, Errors errors) {
    if (value == null || value.isBlank() || value.length() > maxLength) {
      throw errors.invalid(property, value);
    }
  }

  private static int indexOfName(List<FederatedIdentityCredential> credentials, String name) {
    for (int i = 0; i < credentials.size(); i++) {
      if (credentials.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String key(String holder) {
    return holder.toLowerCase(Locale.ROOT);
  }
}
