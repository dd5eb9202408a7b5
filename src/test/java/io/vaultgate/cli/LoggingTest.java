package io.vaultgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {

  @AfterEach
  void restore() {
    Logging.configure("text");
  }

  private static String logged(String format, String message) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
      Logging.configure(format);
      LoggerFactory.getLogger("io.vaultgate.test").info("{} for {}", message, "kv-logs");
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonFormatWritesOneObjectPerLine() throws Exception {
    String out = logged("json", "firewall updated");
    String[] lines = out.strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("loggerName").asText()).isEqualTo("io.vaultgate.test");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("firewall updated for kv-logs");
    assertThat(line.path("timestamp").asLong()).isPositive();
  }

  @Test
  void textFormatIsNotJson() {
    assertThat(logged("text", "firewall updated")).contains("firewall updated for kv-logs").doesNotStartWith("{");
  }

  @Test
  void anUnknownFormatIsRefused() {
    assertThatThrownBy(() -> Logging.configure("yaml")).hasMessageContaining("'yaml' is not text or json");
  }
}
