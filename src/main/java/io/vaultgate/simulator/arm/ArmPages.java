package io.vaultgate.simulator.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import java.util.List;
import java.util.function.Function;

/**
 * ARM's paging of a list ({@code x-ms-pageable} with {@code nextLinkName: nextLink}): one page of at most
 * {@code $top} items from {@code $skiptoken}, and a {@code nextLink} carrying the api-version and {@code $top} to
 * the rest. It knows no provider's resources.
 */
public final class ArmPages {

  private ArmPages() {
  }

  /**
   * One page of {@code all} as {@code {"value": [...], "nextLink": ...}}; no nextLink on the last page.
   *
   * @param defaultTop the page size when {@code $top} is absent
   * @param maxTop the largest page served, whatever {@code $top} asks for
   */
  public static <T> ObjectNode page(SimRequest request, List<T> all, int defaultTop, int maxTop,
      Function<T, JsonNode> json) {
    int skip = request.queryParam("$skiptoken").map(t -> number(t, 0, "$skiptoken")).orElse(0);
    int top = Math.min(maxTop, request.queryParam("$top").map(t -> number(t, 1, "$top")).orElse(defaultTop));
    int from = Math.min(skip, all.size());
    int to = (int) Math.min((long) from + top, all.size());
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    all.subList(from, to).forEach(item -> value.add(json.apply(item)));
    if (to < all.size()) {
      body.put("nextLink", ArmService.url(request, request.path() + "?api-version="
          + request.queryParam("api-version").orElseThrow() + "&$top=" + top + "&$skiptoken=" + to));
    }
    return body;
  }

  private static int number(String value, int min, String parameter) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badRequest("Invalid value '" + value + "' for query parameter '" + parameter + "'.");
  }
}
