package io.cdpwatch.adapters.http;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;

/**
 * Where {@link EmHttp} sends a request: EM over HttpClient, the same with every exchange recorded
 * ({@link CaptureRecorder}), or a capture answering instead of EM ({@link ReplayTransport}).
 */
interface Transport {

  /** Sends {@code request} and hands the answer to {@code handler}, as HttpClient's execute. */
  <T> T execute(HttpUriRequestBase request, HttpClientResponseHandler<? extends T> handler)
      throws IOException;

  /** Releases connections or files; a transport is closed once, at the end of the run. */
  void close();
}
