package io.cdpwatch.adapters.http;

import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.testing.CdpSessionSourceContract;
import io.cdpwatch.core.testing.TestEstate;
import io.cdpwatch.emsim.EmSimulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** core's port contract, against the EM simulator over plain HTTP. */
class EmCdpSessionSourceContractTest extends CdpSessionSourceContract {

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Whether the simulator speaks TLS (the subclass says yes). */
  boolean tls() {
    return false;
  }

  @Override
  protected CdpSessionSource sourceFor(TestEstate estate) {
    EmSimulator em = Estates.start(Estates.mirror(estate).build(), tls());
    opened.add(em);
    // A small page size so that even the base estate crosses pages.
    EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).pageSize(3).build());
    opened.add(0, source);
    return source;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    opened.clear();
  }
}
