package io.vaultgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A kstatus-compatible condition with Azure Service Operator's severity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  @Required
  public String type;

  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  @JsonPropertyDescription("When not True: Info (progressing), Warning (may heal by itself) or Error (needs a human).")
  public String severity;

  @JsonPropertyDescription("PascalCase reason from a fixed vocabulary.")
  public String reason;

  public String message;

  public Long observedGeneration;

  @JsonPropertyDescription("When status last changed.")
  public String lastTransitionTime;

  public Condition() {
  }

  public Condition(String type, String status, String severity, String reason, String message,
      Long observedGeneration, String lastTransitionTime) {
    this.type = type;
    this.status = status;
    this.severity = severity;
    this.reason = reason;
    this.message = message;
    this.observedGeneration = observedGeneration;
    this.lastTransitionTime = lastTransitionTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c
        && Objects.equals(type, c.type) && Objects.equals(status, c.status)
        && Objects.equals(severity, c.severity) && Objects.equals(reason, c.reason)
        && Objects.equals(message, c.message) && Objects.equals(observedGeneration, c.observedGeneration)
        && Objects.equals(lastTransitionTime, c.lastTransitionTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, severity, reason, message, observedGeneration, lastTransitionTime);
  }

  @Override
  public String toString() {
    return type + "=" + status + " (" + reason + "): " + message;
  }
}
