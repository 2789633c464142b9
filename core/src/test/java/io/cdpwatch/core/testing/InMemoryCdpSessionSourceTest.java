package io.cdpwatch.core.testing;

import io.cdpwatch.core.port.out.CdpSessionSource;

class InMemoryCdpSessionSourceTest extends CdpSessionSourceContract {

  @Override
  protected CdpSessionSource sourceFor(TestEstate estate) {
    return InMemoryCdpSessionSource.of(estate);
  }
}
