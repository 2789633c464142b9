/**
 * The use case implementation: {@link io.cdpwatch.core.service.CdpHealthService} judges what the
 * {@link io.cdpwatch.core.port.out.CdpSessionSource} reads. Each command-line entry point composes
 * it by hand with the HTTP adapter.
 */
package io.cdpwatch.core.service;
