package io.cdpwatch.emsim;

/**
 * One request as the simulator saw it. It never holds a password or a token, only which means of
 * authentication were present.
 *
 * @param method the HTTP method
 * @param target path and raw query, e.g. {@code /api/query?type=CdpReplicaTaskSession&page=2}
 * @param basicAuth an {@code Authorization: Basic} header was sent
 * @param tokenHeader an {@code X-RestSvcSessionId} header was sent
 * @param tokenCookie an {@code X-RestSvcSessionId} cookie was sent
 * @param accept the Accept header, or empty
 * @param status the status answered (0 for a request that was never answered)
 * @param contentEncoding the Content-Encoding of the answer (e.g. {@code gzip}), or empty
 */
public record RequestRecord(
    String method,
    String target,
    boolean basicAuth,
    boolean tokenHeader,
    boolean tokenCookie,
    String accept,
    int status,
    String contentEncoding) {}
