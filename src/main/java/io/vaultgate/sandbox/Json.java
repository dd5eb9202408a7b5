package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the sandbox: documents, tables and objects are handled as trees. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {
  }
}
