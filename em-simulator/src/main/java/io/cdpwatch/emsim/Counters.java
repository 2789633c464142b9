package io.cdpwatch.emsim;

import java.util.Map;

/**
 * A snapshot of the simulator's counters.
 *
 * @param logons successful logons ({@code POST /api/sessionMngr/})
 * @param failedLogons logons answered 401
 * @param logoffs {@code DELETE /api/logonSessions/{id}} answered 204
 * @param liveSessions logon sessions neither logged off nor expired
 * @param requests all requests, canary requests excluded
 * @param requestsByPath requests by path (no query string), canary requests excluded
 * @param canaryHits requests that reached the external-entity / external-DTD canary
 */
public record Counters(
    long logons,
    long failedLogons,
    long logoffs,
    int liveSessions,
    long requests,
    Map<String, Long> requestsByPath,
    long canaryHits) {

  public Counters {
    requestsByPath = Map.copyOf(requestsByPath);
  }

  /** Requests to exactly this path, e.g. {@code /api/query}. */
  public long requests(String path) {
    return requestsByPath.getOrDefault(path, 0L);
  }
}
