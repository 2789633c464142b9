/**
 * Inbound (primary, driving) ports: the use case the command-line adapters call, {@link
 * io.cdpwatch.core.port.in.EvaluateCdpHealth}, with its {@link io.cdpwatch.core.port.in.Selection}
 * and its result, a {@link io.cdpwatch.core.port.in.CdpReport} of typed verdicts and {@link
 * io.cdpwatch.core.port.in.Finding}s that each presenter words in its own way.
 *
 * <p>Null policy: nothing here accepts or returns {@code null}; absent values are {@link
 * java.util.Optional}.
 */
package io.cdpwatch.core.port.in;
