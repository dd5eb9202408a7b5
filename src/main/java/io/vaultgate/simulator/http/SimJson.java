package io.vaultgate.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one JSON mapper of the simulator; bodies are built and read as trees so the wire shape stays explicit. */
public final class SimJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** ARM's timestamps: UTC with seven fractional digits, e.g. 2020-01-01T12:00:00.0000000Z. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private SimJson() {
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  /**
   * The request body as a JSON object, or the error for a missing, mistyped or malformed one, as ARM words it
   * (Graph rewords it, Azure DevOps renames its codes).
   */
  public static ObjectNode body(SimRequest request) {
    String contentType = request.header("Content-Type").orElse("");
    String mediaType = contentType.split(";", 2)[0].trim();
    if (!mediaType.equalsIgnoreCase("application/json")) {
      throw new ApiError(415, "UnsupportedMediaType", "The content media type '" + contentType
          + "' is not supported. Only 'application/json' is supported.");
    }
    if (request.body().length == 0) {
      throw ApiError.invalidContent("The request content is empty");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(request.body());
    } catch (JsonProcessingException e) {
      throw ApiError.invalidContent(e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.invalidContent(e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiError.invalidContent("The request content must be a JSON object");
    }
    return (ObjectNode) node;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
