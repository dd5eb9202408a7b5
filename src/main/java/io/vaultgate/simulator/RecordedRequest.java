package io.vaultgate.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request as received by a simulated service.
 *
 * @param service  "arm", ...
 * @param method   upper-case HTTP method
 * @param route    the route template it matched, or "unmatched"
 * @param path     the request path, original casing, without query
 * @param query    the decoded query parameters
 * @param status   the status code answered, or {@link #RESET} when the connection was dropped on purpose (before
 *                 serving the request, or after it for a lost response)
 * @param nanoTime {@link System#nanoTime()} when it arrived, for measuring intervals
 * @param at       wall-clock arrival time
 */
public record RecordedRequest(String service, String method, String route, String path,
    Map<String, List<String>> query, int status, long nanoTime, Instant at) {
  public static final int RESET = -1;
  private static final Set<String> READS = Set.of("GET", "HEAD");
  private static final Set<String> WRITES = Set.of("PUT", "PATCH", "POST", "DELETE");

  public boolean isRead() {
    return READS.contains(method);
  }

  public boolean isWrite() {
    return WRITES.contains(method);
  }

  /**
   * Whether the path is {@code prefix} or lies below it, comparing whole segments and ignoring case, so a
   * vault's resource id selects that vault's requests and not those of a vault whose name merely starts alike.
   */
  public boolean isUnder(String prefix) {
    String p = strip(prefix).toLowerCase(Locale.ROOT);
    String mine = strip(path).toLowerCase(Locale.ROOT);
    return mine.equals(p) || mine.startsWith(p + "/");
  }

  private static String strip(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
