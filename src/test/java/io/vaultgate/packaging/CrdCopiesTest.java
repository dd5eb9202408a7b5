package io.vaultgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart and the plain manifests install the CRD from their own crds/ folders (Helm and kustomize read
 * nothing outside the chart or kustomization); each must hold exactly the top-level crds/, byte for byte.
 */
class CrdCopiesTest {

  static final Path SOURCE = Path.of("crds");

  @ParameterizedTest
  @ValueSource(strings = {"helm/vaultgate/crds", "operator/crds"})
  void copyIsByteIdenticalToTheGeneratedCrds(String copy) throws IOException {
    String fix = "rm -f " + copy + "/* && cp crds/* " + copy + "/";
    assertThat(names(Path.of(copy))).as("%s holds other files than crds/; fix: %s", copy, fix)
        .isEqualTo(names(SOURCE));
    for (String name : names(SOURCE)) {
      assertThat(Files.mismatch(SOURCE.resolve(name), Path.of(copy, name)))
          .as("%s/%s differs from crds/%s; fix: %s", copy, name, name, fix).isEqualTo(-1L);
    }
  }

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
