package io.vaultgate.simulator.arm;

import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-running operations of the Network and Private DNS resource providers. A write is validated and
 * answered at once; its operation then ends, {@link #delay()} later and on its own clock, by applying its outcome
 * (the resource leaves its transitional provisioning state, or goes away). Callers follow it on the operation's
 * status URL ({@code Azure-AsyncOperation}), which answers InProgress until then. A resource takes one operation
 * at a time; a write while one runs is refused (see {@link #inProgress}).
 *
 * <p>Test controls: {@link #setDelay}; {@link #endAllNow} to end running operations without waiting for a clock;
 * {@link #failNext} to make the next operation fail.
 */
public final class LongRunningOperations implements AutoCloseable {
  /** Route templates of operation status and result URLs, as they appear in the request log. */
  public static final String NETWORK_STATUS_ROUTE =
      "/subscriptions/{}/providers/Microsoft.Network/locations/{}/operations/{}";
  public static final String NETWORK_RESULT_ROUTE =
      "/subscriptions/{}/providers/Microsoft.Network/locations/{}/operationResults/{}";
  public static final String PRIVATE_DNS_STATUS_ROUTE =
      "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/privateDnsOperationStatuses/{}";
  public static final String PRIVATE_DNS_RESULT_ROUTE =
      "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/privateDnsOperationResults/{}";
  public static final Duration DEFAULT_DELAY = Duration.ofMillis(100);
  public static final String IN_PROGRESS = "InProgress";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  /** Why an operation failed, as its status reports it. */
  public record OperationError(String code, String message) {
  }

  /**
   * One operation, as seen when read.
   *
   * @param statusPath the path of its status ({@code Azure-AsyncOperation}), without host and query
   * @param resultPath the path of its result ({@code Location})
   * @param method     PUT or DELETE
   * @param status     {@link #IN_PROGRESS}, {@link #SUCCEEDED} or {@link #FAILED}
   */
  public record AsyncOperation(String id, String resourceId, String method, String statusPath, String resultPath,
              String status, Optional<OperationError> error, Instant startedAt) {
    public boolean done() {
      return !status.equals(IN_PROGRESS);
    }
  }

  /** What ending an operation does to the resources. */
  public interface Settlement {
    /** Applies the write's result; an {@link ApiError} thrown here fails the operation instead. */
    void succeed();

    void fail();

    static Settlement of(Runnable succeed, Runnable fail) {
      return new Settlement() {
        @Override
        public void succeed() {
          succeed.run();
        }

        @Override
        public void fail() {
          fail.run();
        }
      };
    }
  }

  /** A running or ended operation; its status is set only after its outcome has been applied. */
  private static final class Entry {
    final String id;
    final String resourceId;
    final String method;
    final String statusPath;
    final String resultPath;
    final Instant startedAt = Instant.now();
    final Settlement settlement;
    /** Ends once: by its timer or by {@link #endAllNow}, whichever comes first. */
    final AtomicBoolean ended = new AtomicBoolean();
    volatile ApiError failure;
    volatile String status = IN_PROGRESS;

    Entry(String id, String resourceId, String method, String statusPath, String resultPath, Settlement settlement,
        ApiError failure) {
      this.id = id;
      this.resourceId = resourceId;
      this.method = method;
      this.statusPath = statusPath;
      this.resultPath = resultPath;
      this.settlement = settlement;
      this.failure = failure;
    }

    AsyncOperation snapshot() {
      // Status first: it is written after the failure, so a Failed status implies the failure is visible.
      String s = status;
      ApiError error = failure;
      return new AsyncOperation(id, resourceId, method, statusPath, resultPath, s,
          s.equals(FAILED) ? Optional.of(new OperationError(error.code(), error.getMessage())) : Optional.empty(),
          startedAt);
    }
  }

  private final Map<String, Entry> operations = new ConcurrentHashMap<>();
  /** By lower-case resource id: the operation a resource is taking now. */
  private final Map<String, Entry> running = new ConcurrentHashMap<>();
  private final Queue<ApiError> injectedFailures = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService timer;
  private volatile Duration delay = DEFAULT_DELAY;

  public LongRunningOperations() {
    AtomicInteger threads = new AtomicInteger();
    timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "vaultgate-sim-operations-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  // ----- state API -----

  /**
   * How long an operation runs. Zero ends each operation before its first response is sent (the response still
   * has the long-running shape, so clients poll once).
   */
  public void setDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    this.delay = delay;
  }

  public Duration delay() {
    return delay;
  }

  /**
   * Ends every running operation now, as if its delay had passed: tests that look at a resource while its
   * operation runs use a long delay and this, rather than racing a short one.
   */
  public void endAllNow() {
    running.values().forEach(this::end);
  }

  /** The next operation to start ends Failed with this error (its resource is left Failed). */
  public void failNext(String code, String message) {
    injectedFailures.add(new ApiError(400, code, message));
  }

  public Optional<AsyncOperation> find(String id) {
    return Optional.ofNullable(operations.get(id)).map(Entry::snapshot);
  }

  /** Every operation so far, oldest first. */
  public List<AsyncOperation> all() {
    return operations.values().stream().map(Entry::snapshot)
        .sorted(Comparator.comparing(AsyncOperation::startedAt)).toList();
  }

  /** The operation running on the resource, if any. */
  public Optional<AsyncOperation> inProgress(String resourceId) {
    return Optional.ofNullable(running.get(key(resourceId))).map(Entry::snapshot);
  }

  // ----- used by the REST handlers -----

  /**
   * Starts an operation on a resource whose write has just been accepted.
   *
   * @param statusPrefix the status path without the operation id (ends with "/")
   * @param resultPrefix likewise for the result path
   * @param failure      ends the operation Failed with this error whatever else happens (the service found the
   *                     problem after accepting the write); null when it is to succeed
   */
  public AsyncOperation start(String resourceId, String method, String statusPrefix, String resultPrefix,
                              Settlement settlement, ApiError failure) {
    String id = Guid.random();
    ApiError injected = injectedFailures.poll();
    Entry entry = new Entry(id, resourceId, method, statusPrefix + id, resultPrefix + id, settlement,
        injected != null ? injected : failure);
    operations.put(id, entry);
    running.put(key(resourceId), entry);
    Duration wait = delay;
    if (wait.isZero()) {
      end(entry);
    } else {
      timer.schedule(() -> end(entry), wait.toNanos(), TimeUnit.NANOSECONDS);
    }
    return entry.snapshot();
  }

  /** The operation whose status is served at this path (any case); its id is the last segment. */
  Optional<AsyncOperation> atStatusPath(String path) {
    return byLastSegment(path).filter(e -> e.statusPath.equalsIgnoreCase(path)).map(Entry::snapshot);
  }

  /** The operation whose result is served at this path (any case). */
  Optional<AsyncOperation> atResultPath(String path) {
    return byLastSegment(path).filter(e -> e.resultPath.equalsIgnoreCase(path)).map(Entry::snapshot);
  }

  /** The error a failed operation ended with, for its result URL. */
  Optional<ApiError> failure(String id) {
    Entry entry = operations.get(id);
    return entry == null || !entry.status.equals(FAILED) ? Optional.empty() : Optional.of(entry.failure);
  }

  /** {@code Retry-After} for a client of a running operation: whole seconds, so only for delays of one or more. */
  Optional<String> retryAfter() {
    long millis = delay.toMillis();
    return millis < 1000 ? Optional.empty() : Optional.of(Long.toString((millis + 999) / 1000));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private void end(Entry entry) {
    if (!entry.ended.compareAndSet(false, true)) {
      return;
    }
    if (entry.failure == null) {
      try {
        entry.settlement.succeed();
        entry.status = SUCCEEDED;
      } catch (ApiError e) {
        entry.failure = e;
      } catch (RuntimeException e) {
        // A bug here must not leave the operation InProgress for ever (the timer would swallow the exception).
        entry.failure = new ApiError(500, "InternalServerError", "The operation failed: " + e);
      }
    }
    if (entry.failure != null) {
      entry.settlement.fail();
      entry.status = FAILED;
    }
    running.remove(key(entry.resourceId), entry);
  }

  private Optional<Entry> byLastSegment(String path) {
    return Optional.ofNullable(operations.get(path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT)));
  }

  private static String key(String resourceId) {
    return Objects.requireNonNull(resourceId, "resourceId").toLowerCase(Locale.ROOT);
  }
}
