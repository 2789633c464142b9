/**
 * Outbound (secondary, driven) ports: what the CDP checks ask of the outside world. The HTTP
 * adapter implements {@link io.cdpwatch.core.port.out.CdpSessionSource} against Enterprise Manager.
 *
 * <p>Null policy: nothing here accepts or returns {@code null}; absent values are {@link
 * java.util.Optional}.
 */
package io.cdpwatch.core.port.out;
