package io.vaultgate.cli;

import io.vaultgate.sandbox.Sandbox;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * Runs the whole product on this machine: the operator against an embedded Kubernetes API and the simulated
 * Azure, Entra and Azure DevOps. Stops on SIGINT or SIGTERM, exiting 0, with nothing left behind.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Run vaultgate against an embedded Kubernetes API and a simulated Azure, Entra and Azure DevOps"
        + " (no cluster, no Azure account). Prints a line containing 'sandbox ready' when kubectl can connect.")
final class SandboxCommand implements Callable<Integer> {

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Write a kubeconfig for the embedded API here, and FILE.azure.json (simulator URLs, CA file,"
          + " token, the seeded world) beside it; removed on exit. Default: a temporary directory.")
  Path kubeconfig;

  @Option(names = "--apply", paramLabel = "PATH",
      description = "Apply this manifest, or the manifests of this directory, and wait until each"
          + " PrivateVaultAccess is Ready, Planned (mode: Plan), Skipped (reconcile-policy skip) or cannot become"
          + " Ready, printing each as it settles; then print them and every vault's firewall.")
  Path apply;

  @Option(names = "--once", description = "With --apply: stop after printing; exit 0 only if each became Ready,"
      + " or Planned or Skipped as its spec asks.")
  boolean once;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class, defaultValue = "2m",
      description = "With --apply: how long to wait for the resources to settle.")
  Duration timeout;

  @Option(names = "--resync-interval", paramLabel = "DURATION", converter = Durations.class, defaultValue = "1m",
      description = "How often the operator checks each resource against the simulated Azure.")
  Duration resync;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (once && apply == null) {
      spec.commandLine().getErr().println("--once needs --apply");
      return 2;
    }
    StopSignal signal = new StopSignal(Thread.currentThread());
    Sandbox sandbox;
    try {
      sandbox = Sandbox.start(new Sandbox.Settings(Optional.ofNullable(kubeconfig), resync));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    try {
      long startedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
      out.printf("vaultgate sandbox ready in %.1fs: export KUBECONFIG=%s (simulated Azure: %s)%n",
          (System.currentTimeMillis() - startedAt) / 1000.0, sandbox.kubeconfig(), sandbox.azureDescription());
      out.flush();
      signal.interruptFromNowOn();
      if (apply != null && !signal.received()) {
        Optional<Sandbox.ApplyOutcome> outcome = applyUnlessStopped(sandbox, signal, out);
        if (once || outcome.isEmpty()) {
          return outcome.map(o -> o.succeeded() ? 0 : 1).orElse(1);
        }
      }
      signal.await();
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    } finally {
      signal.settle();
      sandbox.close();
    }
  }

  /** Applies and reports; empty if a signal came first. */
  private Optional<Sandbox.ApplyOutcome> applyUnlessStopped(Sandbox sandbox, StopSignal signal, PrintWriter out) {
    Sandbox.ApplyOutcome outcome;
    try {
      outcome = sandbox.applyAndAwait(apply, timeout, line -> {
        out.println(line);
        out.flush();
      });
    } catch (RuntimeException e) {
      if (signal.received()) {
        out.println("stopped before the resources settled");
        out.flush();
        return Optional.empty();
      }
      throw e;
    }
    out.print(outcome.report());
    if (outcome.resources().isEmpty()) {
      out.println("no PrivateVaultAccess in " + apply);
    }
    outcome.notReady().forEach(r -> out.println("not ready: " + r));
    out.flush();
    return Optional.of(outcome);
  }

  /**
   * SIGINT and SIGTERM, handled rather than left to the JVM (which would exit 143 on SIGTERM): the sandbox stops
   * cleanly and the command exits 0. Once the sandbox is up, a signal also interrupts the main thread, ending a
   * wait for --apply early.
   */
  private static final class StopSignal {
    private final CountDownLatch received = new CountDownLatch(1);
    private final CountDownLatch delivered = new CountDownLatch(1);
    private volatile boolean interrupt;

    StopSignal(Thread main) {
      for (String name : List.of("INT", "TERM")) {
        Signal.handle(new Signal(name), s -> {
          received.countDown();
          if (interrupt) {
            main.interrupt();
          }
          delivered.countDown();
        });
      }
    }

    void interruptFromNowOn() {
      interrupt = true;
    }

    boolean received() {
      return received.getCount() == 0;
    }

    void await() {
      awaitUninterruptibly(received);
    }

    /** Clears the signal's interrupt once surely delivered: stopping the sandbox must not be interrupted. */
    void settle() {
      if (received()) {
        awaitUninterruptibly(delivered);
      }
      Thread.interrupted();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
      while (latch.getCount() > 0) {
        try {
          latch.await();
        } catch (InterruptedException e) {
          // the signal's own interrupt: the latch is about to go down
        }
      }
    }
  }
}
