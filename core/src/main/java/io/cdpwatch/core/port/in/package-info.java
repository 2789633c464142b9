/**
 * Inbound (primary, driving) ports: the use case the Nagios and Zabbix adapters call, {@link
 * io.cdpwatch.core.port.in.EvaluateCdpHealth}, with its {@link io.cdpwatch.core.port.in.Selection}
 * and {@link io.cdpwatch.core.port.in.CdpReport}.
 *
 * <p>Null policy: nothing here accepts or returns {@code null}; absent values are {@link
 * java.util.Optional}.
 */
package io.cdpwatch.core.port.in;
