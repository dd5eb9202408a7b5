package io.vaultgate.cli;

import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.ranges.InboundRangeFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the Azure DevOps inbound ranges a geography opens in a vault firewall. */
@Command(name = "ranges", mixinStandardHelpOptions = true,
    description = "Print the Azure DevOps inbound IPv4 ranges of a geography (all geographies when none is given).")
final class RangesCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "GEOGRAPHY", description = "e.g. UnitedStates, Europe, UnitedKingdom")
  String geography;

  @Option(names = "--ranges-file", paramLabel = "FILE", defaultValue = "${env:VAULTGATE_RANGES_FILE}",
      description = "Replacement ranges table (env VAULTGATE_RANGES_FILE); default: the built-in table.")
  Path rangesFile;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    InboundRangeTable table = rangesFile == null ? InboundRangeFile.builtIn() : InboundRangeFile.load(rangesFile);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> geographies = geography == null ? table.geographies().keySet().stream().sorted().toList()
        : List.of(geography);
    for (String geo : geographies) {
      var ranges = table.rangesOf(geo);
      if (ranges.isEmpty()) {
        err.println("unknown geography '" + geo + "'; the table (version " + table.version() + ") lists: "
            + String.join(", ", table.geographies().keySet().stream().sorted().toList()));
        return 2;
      }
      out.println("# " + geo + " (ranges table version " + table.version() + ")");
      ranges.get().forEach(r -> out.printf("%-20s %s%n", r.range(), r.region()));
    }
    out.flush();
    return 0;
  }
}
