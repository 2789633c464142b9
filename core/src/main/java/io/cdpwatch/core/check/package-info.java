/**
 * The check model, neutral to any monitoring system: {@link io.cdpwatch.core.check.Status}, Nagios
 * threshold {@link io.cdpwatch.core.check.Range}s, {@link io.cdpwatch.core.check.Thresholds},
 * {@link io.cdpwatch.core.check.Metric}s and {@link io.cdpwatch.core.check.CheckResult}s.
 *
 * <p>Null policy: nothing in this package accepts or returns {@code null}; absent values are {@link
 * java.util.Optional}. Constructors reject {@code null} with a message naming the argument.
 */
package io.cdpwatch.core.check;
