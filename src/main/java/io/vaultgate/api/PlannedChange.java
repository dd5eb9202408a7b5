package io.vaultgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One change to Azure, made or (in Plan mode) to be made. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlannedChange {
  @JsonPropertyDescription("Add, Remove or Set.")
  public String action;

  @JsonPropertyDescription("What changes, e.g. ipRule, defaultAction, publicNetworkAccess.")
  public String target;

  public String value;

  @JsonPropertyDescription("Why, e.g. the Azure DevOps region of a range.")
  public String detail;

  public PlannedChange() {
  }

  public PlannedChange(String action, String target, String value, String detail) {
    this.action = action;
    this.target = target;
    this.value = value;
    this.detail = detail;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlannedChange p
        && Objects.equals(action, p.action) && Objects.equals(target, p.target)
        && Objects.equals(value, p.value) && Objects.equals(detail, p.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(action, target, value, detail);
  }

  @Override
  public String toString() {
    return action + " " + target + " " + value + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
