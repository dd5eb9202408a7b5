package io.vaultgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.model.FirewallWrite;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.model.LiveVault;
import io.vaultgate.model.PermissionModel;
import io.vaultgate.model.VaultId;
import io.vaultgate.plan.AccessPolicyPlanner;
import io.vaultgate.plan.FirewallPlanner;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.VaultPort;
import io.vaultgate.reconcile.VaultCoordinator.AccessRequest;
import io.vaultgate.reconcile.VaultCoordinator.Done;
import io.vaultgate.reconcile.VaultCoordinator.Failed;
import io.vaultgate.reconcile.VaultCoordinator.Neighbours;
import io.vaultgate.reconcile.VaultCoordinator.Request;
import io.vaultgate.reconcile.VaultCoordinator.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The one writer per vault, driven by hand: a scheduler that runs batches only when the test says so, and a vault
 * port that counts every read and write. No timing decides any assertion here.
 */
class VaultCoordinatorTest {

  static final VaultId VAULT = new VaultId("00000000-0000-0000-0000-0000000000c0", "rg", "kv-writer");
  static final VaultId OTHER_VAULT = new VaultId("00000000-0000-0000-0000-0000000000c0", "rg", "kv-other");

  /** Batches wait here until {@link #runAll()}, on the test's thread. */
  static final class ManualScheduler implements VaultCoordinator.Scheduler {
    final List<Runnable> scheduled = new ArrayList<>();

    @Override
    public synchronized void schedule(Runnable batch, Duration delay) {
      scheduled.add(batch);
    }

    void runAll() {
      while (true) {
        List<Runnable> now;
        synchronized (this) {
          if (scheduled.isEmpty()) {
            return;
          }
          now = new ArrayList<>(scheduled);
          scheduled.clear();
        }
        now.forEach(Runnable::run);
      }
    }

    @Override
    public void close() {
    }
  }

  /** A vault in memory: a firewall and access policies, with every call counted. */
  static class FakeVault implements VaultPort {
    LiveFirewall firewall = new LiveFirewall("Enabled", "Deny", "AzureServices", List.of("203.0.113.9/32"),
        List.of());
    final Map<String, Set<String>> permissions = new HashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    Supplier<RuntimeException> failWrite;

    @Override
    public LiveVault read(VaultId vault) {
      calls.add("read " + vault.name());
      return live();
    }

    @Override
    public LiveVault writeFirewall(VaultId vault, FirewallWrite write) {
      calls.add("writeFirewall " + vault.name());
      if (failWrite != null) {
        throw failWrite.get();
      }
      firewall = new LiveFirewall("Enabled", write.defaultAction(), write.bypass(), write.ipRules(),
          write.virtualNetworkRules());
      return live();
    }

    @Override
    public Set<String> secretNames(VaultId vault) {
      throw new UnsupportedOperationException("the vault's writer never lists secrets");
    }

    @Override
    public void addSecretPermissions(VaultId vault, String tenantId, Map<String, Set<String>> add) {
      calls.add("addSecretPermissions " + vault.name());
      add.forEach((p, perms) -> permissions.computeIfAbsent(p, k -> new TreeSet<>()).addAll(perms));
    }

    /** Like the service: names are matched exactly as sent (azure-rest-api-specs #42963); no match is no error. */
    @Override
    public void removeSecretPermissions(VaultId vault, String tenantId, Map<String, Set<String>> remove) {
      calls.add("removeSecretPermissions " + vault.name() + " " + remove);
      if (!ignoreRemovals) {
        remove.forEach((p, perms) -> permissions.getOrDefault(p, new TreeSet<>()).removeAll(perms));
      }
    }

    /** Removals answer success and change nothing, as on the service when no name matched. */
    boolean ignoreRemovals;

    LiveVault live() {
      Map<String, Set<String>> lower = new HashMap<>();
      permissions.forEach((p, perms) -> lower.put(p, perms.stream().map(String::toLowerCase)
          .collect(java.util.stream.Collectors.toSet())));
      return new LiveVault(firewall, false, "11111111-0000-0000-0000-000000000001", lower, permissions, List.of());
    }

    long count(String call) {
      return calls.stream().filter(c -> c.startsWith(call + " ")).count();
    }
  }

  final ManualScheduler scheduler = new ManualScheduler();
  final VaultCoordinator coordinator = new VaultCoordinator((vault, excluded) -> new Neighbours(List.of(),
      List.of()), Duration.ofMillis(250), Duration.ofSeconds(30), scheduler);

  static Request request(String owner, VaultPort port, VaultId vault, String... ranges) {
    Map<Ipv4Range, String> desired = new LinkedHashMap<>();
    for (String r : ranges) {
      desired.put(Ipv4Range.parse(r), "test");
    }
    return new Request(vault, port, new FirewallPlanner.Claim(owner, desired, Set.of(), Set.of(), false, false,
        false), Optional.empty(), (rules, subnets, permissions) -> {
    });
  }

  static Set<String> rules(FakeVault vault) {
    return new TreeSet<>(vault.firewall.ipRules());
  }

  @Test
  void requestsQueuedBeforeTheBatchRunsShareOneReadAndOneWrite() {
    FakeVault vault = new FakeVault();
    List<CompletableFuture<Result>> results = List.of(
        coordinator.submit(request("ns/a", vault, VAULT, "20.1.0.0/24")),
        coordinator.submit(request("ns/b", vault, VAULT, "20.2.0.0/24")),
        coordinator.submit(request("ns/c", vault, VAULT, "20.3.0.0/24", "20.1.0.0/24")));
    assertThat(results).noneMatch(CompletableFuture::isDone);
    assertThat(scheduler.scheduled).as("one batch scheduled for the vault").hasSize(1);

    scheduler.runAll();

    assertThat(results).allMatch(f -> f.join() instanceof Done);
    assertThat(vault.count("read")).as("one read to plan, one after the intents were recorded").isEqualTo(2);
    assertThat(vault.count("writeFirewall")).isEqualTo(1);
    assertThat(rules(vault)).containsExactly("20.1.0.0/24", "20.2.0.0/24", "20.3.0.0/24", "203.0.113.9/32");
    Done c = (Done) results.get(2).join();
    assertThat(c.firewall().ledger()).extracting(Ipv4Range::toString).containsExactlyInAnyOrder("20.1.0.0/24",
        "20.3.0.0/24");
  }

  @Test
  void aRequestArrivingDuringABatchGoesIntoTheNextOne() {
    FakeVault vault = new FakeVault();
    CountingPort port = new CountingPort(vault);
    List<CompletableFuture<Result>> late = new ArrayList<>();
    port.duringWrite = () -> late.add(coordinator.submit(request("ns/b", port, VAULT, "20.2.0.0/24")));
    CompletableFuture<Result> first = coordinator.submit(request("ns/a", port, VAULT, "20.1.0.0/24"));

    scheduler.runAll();

    assertThat(first.join()).isInstanceOf(Done.class);
    assertThat(late).hasSize(1);
    assertThat(late.get(0).join()).as("drained by the batch scheduled after the running one").isInstanceOf(Done.class);
    assertThat(port.reads).as("two batches, each reading again after its intents").isEqualTo(4);
    assertThat(port.writes).isEqualTo(2);
    assertThat(rules(vault)).contains("20.1.0.0/24", "20.2.0.0/24");
  }

  @Test
  void requestsSignedInAsDifferentIdentitiesAreWrittenSeparately() {
    FakeVault shared = new FakeVault();
    CountingPort operator = new CountingPort(shared);
    CountingPort namespace = new CountingPort(shared);
    var a = coordinator.submit(request("ns/a", operator, VAULT, "20.1.0.0/24"));
    var b = coordinator.submit(request("ns/b", namespace, VAULT, "20.2.0.0/24"));
    var c = coordinator.submit(request("ns/c", operator, VAULT, "20.3.0.0/24"));

    scheduler.runAll();

    assertThat(List.of(a.join(), b.join(), c.join())).allMatch(Done.class::isInstance);
    assertThat(operator.reads).isEqualTo(2);
    assertThat(operator.writes).as("a and c together").isEqualTo(1);
    assertThat(namespace.reads).isEqualTo(2);
    assertThat(namespace.writes).isEqualTo(1);
    assertThat(rules(shared)).contains("20.1.0.0/24", "20.2.0.0/24", "20.3.0.0/24");
  }

  @Test
  void vaultsAreBatchedApart() {
    FakeVault one = new FakeVault();
    FakeVault two = new FakeVault();
    var a = coordinator.submit(request("ns/a", one, VAULT, "20.1.0.0/24"));
    var b = coordinator.submit(request("ns/b", two, OTHER_VAULT, "20.2.0.0/24"));
    assertThat(scheduler.scheduled).hasSize(2);

    scheduler.runAll();

    assertThat(List.of(a.join(), b.join())).allMatch(Done.class::isInstance);
    assertThat(one.calls).containsExactly("read kv-writer", "read kv-writer", "writeFirewall kv-writer");
    assertThat(two.calls).containsExactly("read kv-other", "read kv-other", "writeFirewall kv-other");
  }

  @Test
  void anAzureFailureFailsEveryRequestOfTheBatchAlikeAndNothingIsRemembered() {
    FakeVault vault = new FakeVault();
    AzureFailure throttled = new AzureFailure(AzureFailure.Kind.THROTTLED, 429, "TooManyRequests", "slow down",
        Duration.ofSeconds(7));
    vault.failWrite = () -> throttled;
    var a = coordinator.submit(request("ns/a", vault, VAULT, "20.1.0.0/24"));
    var b = coordinator.submit(request("ns/b", vault, VAULT, "20.2.0.0/24"));

    scheduler.runAll();

    assertThat(List.of(a.join(), b.join())).allSatisfy(r -> assertThat(((Failed) r).failure()).isSameAs(throttled));
    assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(rules(vault)).containsExactly("203.0.113.9/32");
  }

  @Test
  void aBugInOneIdentitysBatchSurfacesAsItsOwnErrorAndSparesTheOthers() {
    FakeVault broken = new FakeVault();
    broken.failWrite = () -> new IllegalStateException("the planner produced a write the port cannot take");
    FakeVault fine = new FakeVault();
    var a = coordinator.submit(request("ns/a", broken, VAULT, "20.1.0.0/24"));
    var b = coordinator.submit(request("ns/b", fine, VAULT, "20.2.0.0/24"));

    scheduler.runAll();

    assertThat(a).isCompletedExceptionally();
    assertThat(b.join()).isInstanceOf(Done.class);
    assertThat(rules(fine)).contains("20.2.0.0/24");
  }

  @Test
  void aBugIsRethrownToTheReconcileNotPassedOffAsATransientAzureError() throws Exception {
    VaultCoordinator threaded = new VaultCoordinator((vault, excluded) -> new Neighbours(List.of(), List.of()),
        Duration.ZERO, Duration.ofSeconds(30), VaultCoordinator.Scheduler.threads());
    try {
      FakeVault broken = new FakeVault();
      broken.failWrite = () -> new IllegalStateException("bug");
      assertThatThrownBy(() -> threaded.converge(request("ns/a", broken, VAULT, "20.1.0.0/24")))
          .isInstanceOf(IllegalStateException.class).hasMessage("bug");
    } finally {
      threaded.close();
    }
  }

  @Test
  void aRequestStillQueuedWhenItsReconcileGivesUpIsWithdrawnAndNeverWritten() {
    FakeVault vault = new FakeVault();
    VaultCoordinator impatient = new VaultCoordinator((v, excluded) -> new Neighbours(List.of(), List.of()),
        Duration.ofMillis(250), Duration.ofMillis(20), scheduler);

    Result result = impatient.converge(request("ns/a", vault, VAULT, "20.1.0.0/24"));
    scheduler.runAll();

    assertThat(result).isInstanceOf(Failed.class);
    AzureFailure failure = ((Failed) result).failure();
    assertThat(failure.kind()).isEqualTo(AzureFailure.Kind.TRANSIENT);
    assertThat(failure.getMessage()).contains("kv-writer").contains("nothing was written");
    assertThat(vault.calls).as("the batch found it withdrawn: no read, no write").isEmpty();
    assertThat(rules(vault)).containsExactly("203.0.113.9/32");
  }

  @Test
  void aRequestABatchAlreadyTookIsWaitedForPastTheTimeoutSoNoWriteLandsAfterTheReconcileGaveUp() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeVault slow = new FakeVault() {
      @Override
      public LiveVault read(VaultId vault) {
        reading.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.read(vault);
      }
    };
    VaultCoordinator threaded = new VaultCoordinator((vault, excluded) -> new Neighbours(List.of(), List.of()),
        Duration.ZERO, Duration.ofMillis(50), VaultCoordinator.Scheduler.threads());
    try {
      CompletableFuture<Result> result = new CompletableFuture<>();
      Thread reconcile = new Thread(() -> result.complete(threaded.converge(request("ns/a", slow, VAULT,
          "20.1.0.0/24"))));
      reconcile.start();
      assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
      // past its timeout the waiting thread parks without one: it waits for the batch that took its request
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
          .until(() -> reconcile.getState() == Thread.State.WAITING);
      release.countDown();

      assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(Done.class);
      assertThat(rules(slow)).contains("20.1.0.0/24");
    } finally {
      release.countDown();
      threaded.close();
    }
  }

  @Test
  void intentsAreRecordedBeforeTheReadTheWriteIsPlannedFromSoAConcurrentEditSurvives() {
    FakeVault vault = new FakeVault();
    Request plain = request("ns/a", vault, VAULT, "20.1.0.0/24");
    Request request = new Request(VAULT, vault, plain.firewall(), Optional.empty(), (rules, subnets, perms) -> {
      vault.calls.add("intent " + rules);
      // another administrator adds a rule while the intent is being written
      vault.firewall = new LiveFirewall("Enabled", "Deny", "AzureServices", List.of("203.0.113.9/32",
          "198.51.100.7/32"), List.of());
    });
    var result = coordinator.submit(request);

    scheduler.runAll();

    assertThat(result.join()).isInstanceOf(Done.class);
    assertThat(vault.calls).containsExactly("read kv-writer", "intent [20.1.0.0/24]", "read kv-writer",
        "writeFirewall kv-writer");
    assertThat(rules(vault)).containsExactly("198.51.100.7/32", "20.1.0.0/24", "203.0.113.9/32");
  }

  @Test
  void aWriteWithNothingNewToRecordFollowsItsOneReadDirectly() {
    FakeVault vault = new FakeVault();
    vault.firewall = new LiveFirewall("Enabled", "Deny", "AzureServices", List.of("203.0.113.9/32",
        "20.1.0.0/24"), List.of());
    Request releasing = new Request(VAULT, vault, new FirewallPlanner.Claim("ns/a", Map.of(),
        Set.of(Ipv4Range.parse("20.1.0.0/24")), Set.of(), false, false, false), Optional.empty(),
        (rules, subnets, perms) -> vault.calls.add("intent " + rules));
    var result = coordinator.submit(releasing);

    scheduler.runAll();

    assertThat(result.join()).isInstanceOf(Done.class);
    assertThat(vault.calls).containsExactly("read kv-writer", "writeFirewall kv-writer");
    assertThat(rules(vault)).containsExactly("203.0.113.9/32");
  }

  /** A grant vaultgate holds, spelled by the vault as the Portal and the service spell it. */
  static Request releaseGrant(VaultPort port, String principal) {
    return new Request(VAULT, port, new FirewallPlanner.Claim("ns/a", Map.of(), Set.of(), Set.of(), false, false,
        false), Optional.of(new AccessRequest(Optional.empty(), PermissionModel.Auto, Optional.of(
            new AccessPolicyPlanner.Grant(principal, Set.of("get", "list"))), Optional.empty())),
        (rules, subnets, perms) -> {
        });
  }

  @Test
  void accessPolicyRemovalSendsThePermissionNamesAsTheVaultSpellsThem() {
    FakeVault vault = new FakeVault();
    vault.permissions.put("aaaa", new TreeSet<>(Set.of("Get", "List", "Set")));

    var result = coordinator.submit(releaseGrant(vault, "aaaa"));
    scheduler.runAll();

    Done done = (Done) result.join();
    assertThat(vault.calls).contains("removeSecretPermissions kv-writer {aaaa=[Get, List]}");
    assertThat(vault.permissions.get("aaaa")).containsExactly("Set");
    assertThat(done.unrevoked()).isEmpty();
    assertThat(done.access().orElseThrow().ledger()).isEmpty();
  }

  @Test
  void permissionsTheVaultStillGrantsAfterTheirRemovalAreReportedAndTriedAgain() {
    FakeVault vault = new FakeVault();
    vault.permissions.put("aaaa", new TreeSet<>(Set.of("Get", "List")));
    vault.ignoreRemovals = true;

    var first = coordinator.submit(releaseGrant(vault, "aaaa"));
    scheduler.runAll();

    Done done = (Done) first.join();
    assertThat(done.unrevoked()).contains(new AccessPolicyPlanner.Grant("aaaa", Set.of("get", "list")));
    assertThat(vault.count("read")).as("one read to plan, one read back to check").isEqualTo(2);

    vault.ignoreRemovals = false;
    var second = coordinator.submit(releaseGrant(vault, "aaaa"));
    scheduler.runAll();
    assertThat(((Done) second.join()).unrevoked()).isEmpty();
    assertThat(vault.permissions.get("aaaa")).isEmpty();
  }

  @Test
  void accessPolicyClaimsOfABatchGoInOneAddAndAreReadBack() {
    FakeVault vault = new FakeVault();
    List<CompletableFuture<Result>> results = new ArrayList<>();
    for (String principal : List.of("aaaa", "bbbb")) {
      Request firewall = request("ns/" + principal, vault, VAULT);
      results.add(coordinator.submit(new Request(VAULT, vault, firewall.firewall(), Optional.of(new AccessRequest(
          Optional.of(principal), PermissionModel.Auto, Optional.empty(), Optional.empty())), firewall.intent())));
    }

    scheduler.runAll();

    assertThat(results).allMatch(f -> f.join() instanceof Done);
    assertThat(vault.count("addSecretPermissions")).isEqualTo(1);
    assertThat(vault.count("removeSecretPermissions")).isZero();
    assertThat(vault.count("read")).as("one read to plan, one after the intents, one to verify").isEqualTo(3);
    assertThat(vault.count("writeFirewall")).as("nothing to change in the firewall").isZero();
    assertThat(vault.permissions).containsOnlyKeys("aaaa", "bbbb");
  }

  /** A port of its own (an identity of its own) over a shared vault. */
  static final class CountingPort implements VaultPort {
    final FakeVault vault;
    int reads;
    int writes;
    /** Runs once, inside the first write. */
    Runnable duringWrite;

    CountingPort(FakeVault vault) {
      this.vault = vault;
    }

    @Override
    public LiveVault read(VaultId v) {
      reads++;
      return vault.read(v);
    }

    @Override
    public LiveVault writeFirewall(VaultId v, FirewallWrite write) {
      writes++;
      if (duringWrite != null) {
        Runnable r = duringWrite;
        duringWrite = null;
        r.run();
      }
      return vault.writeFirewall(v, write);
    }

    @Override
    public Set<String> secretNames(VaultId v) {
      return vault.secretNames(v);
    }

    @Override
    public void addSecretPermissions(VaultId v, String tenantId, Map<String, Set<String>> p) {
      vault.addSecretPermissions(v, tenantId, p);
    }

    @Override
    public void removeSecretPermissions(VaultId v, String tenantId, Map<String, Set<String>> p) {
      vault.removeSecretPermissions(v, tenantId, p);
    }
  }
}
