package io.cdpwatch.adapters.http;

/** core's port contract, against the EM simulator over HTTPS with the certificate pinned. */
class EmCdpSessionSourceTlsContractTest extends EmCdpSessionSourceContractTest {

  @Override
  boolean tls() {
    return true;
  }
}
