package io.vaultgate.ranges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.model.InboundRangeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboundRangeFileTest {

  @Test
  void builtInTableHasTheNineteenDocumentedRanges() {
    InboundRangeTable table = InboundRangeFile.builtIn();
    assertThat(table.version()).isEqualTo("2024-01-02");
    assertThat(table.geographies().values().stream().mapToInt(java.util.List::size).sum()).isEqualTo(19);
    assertThat(table.rangesOf("UnitedStates").orElseThrow()).hasSize(9);
    assertThat(table.rangesOf("India").orElseThrow()).extracting(r -> r.range().toString())
        .containsExactly("20.41.194.0/24", "20.204.197.192/26");
  }

  @Test
  void replacementFileIsLoaded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ranges.json");
    Files.writeString(file, """
        {"version": "2031-05-01", "geographies": {"UnitedStates": [{"region": "New US", "range": "20.1.0.0/24"}]}}
        """);
    InboundRangeTable table = InboundRangeFile.load(file);
    assertThat(table.version()).isEqualTo("2031-05-01");
    assertThat(table.rangesOf("UnitedStates").orElseThrow()).singleElement()
        .satisfies(r -> assertThat(r.region()).isEqualTo("New US"));
  }

  @Test
  void replacementWithAPrivateOrMalformedRangeIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ranges.json");
    Files.writeString(file, """
        {"version": "x", "geographies": {"Europe": [{"region": "Oops", "range": "10.0.0.0/8"}]}}
        """);
    assertThatThrownBy(() -> InboundRangeFile.load(file)).hasMessageContaining("geography Europe")
        .hasMessageContaining("not a public network range");
    Files.writeString(file, """
        {"geographies": {"Europe": [{"region": "Oops", "range": "20.0.0.0/24"}]}}
        """);
    assertThatThrownBy(() -> InboundRangeFile.load(file)).hasMessageContaining("'version' is required");
  }
}
