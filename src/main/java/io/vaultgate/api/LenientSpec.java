package io.vaultgate.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;

/**
 * Reads a resource's spec so that a spec this version cannot read never fails the informer (which would stop the
 * watch of every resource, and the operator with it): a field only a newer CRD knows, stored before the pods rolled,
 * or a value of the wrong type. Such a spec comes back empty, carrying why (copies of the resource must keep
 * that spec object: {@link #copySpec}), so the reconcile can refuse it with a reason naming the
 * field. It never drops a field silently and never guesses a value.
 */
public abstract class LenientSpec<T> extends JsonDeserializer<T> {

  private final Class<T> type;
  private final java.util.function.Function<String, T> unreadable;

  LenientSpec(Class<T> type, java.util.function.Function<String, T> unreadable) {
    this.type = type;
    this.unreadable = unreadable;
  }

  @Override
  public T deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
    JsonNode node = parser.readValueAsTree();
    try {
      return ctxt.readTreeAsValue(node, type);
    } catch (JsonMappingException e) {
      return unreadable.apply(describe(e));
    }
  }

  /** {@code spec.<path>: <what is wrong>}, in words, without echoing the value. */
  static String describe(JsonMappingException e) {
    StringBuilder path = new StringBuilder("spec");
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    if (e instanceof UnrecognizedPropertyException) {
      return path + ": not a field this version of vaultgate knows (applied with a newer CRD?); upgrade the"
          + " operator or remove the field";
    }
    String target = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m
        && m.getTargetType() != null ? " as " + kind(m.getTargetType()) : "";
    return path + ": cannot be read" + target + " (a value of another type)";
  }

  private static String kind(Class<?> target) {
    if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "a list";
    }
    if (target == String.class) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "a number or boolean";
    }
    return "an object";
  }

  /** For {@link PrivateVaultAccess}. */
  static final class OfAccess extends LenientSpec<PrivateVaultAccessSpec> {
    OfAccess() {
      super(PrivateVaultAccessSpec.class, why -> {
        PrivateVaultAccessSpec spec = new PrivateVaultAccessSpec();
        spec.unreadable = why;
        return spec;
      });
    }
  }

  /** For {@link AgentIpGrant}. */
  static final class OfGrant extends LenientSpec<AgentIpGrantSpec> {
    OfGrant() {
      super(AgentIpGrantSpec.class, why -> {
        AgentIpGrantSpec spec = new AgentIpGrantSpec();
        spec.unreadable = why;
        return spec;
      });
    }
  }

  /**
   * A copy made by serializing a resource loses what could not be read: it gets the original's spec object back
   * when that spec was unreadable, so the copy is refused for the same reason.
   */
  public static <R extends io.fabric8.kubernetes.api.model.HasMetadata> R copySpec(R original, R copy) {
    if (original instanceof PrivateVaultAccess a && a.getSpec() != null && a.getSpec().unreadable != null) {
      ((PrivateVaultAccess) copy).setSpec(a.getSpec());
    } else if (original instanceof AgentIpGrant g && g.getSpec() != null && g.getSpec().unreadable != null) {
      ((AgentIpGrant) copy).setSpec(g.getSpec());
    }
    return copy;
  }
}
