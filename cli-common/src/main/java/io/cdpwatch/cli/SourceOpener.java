package io.cdpwatch.cli;

import io.cdpwatch.core.port.out.CdpSessionSource;

/** Opens a source for a connection; closing it (when it is {@link AutoCloseable}) logs off. */
@FunctionalInterface
public interface SourceOpener {
  CdpSessionSource open(ConnectionOptions connection, char[] password);
}
