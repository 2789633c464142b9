/**
 * The judgement's vocabulary, neutral to any monitoring system: {@link
 * io.cdpwatch.core.check.Status} with its 0-3 state code, threshold {@link
 * io.cdpwatch.core.check.Range}s, {@link io.cdpwatch.core.check.Thresholds} and {@link
 * io.cdpwatch.core.check.Durations}.
 *
 * <p>Null policy: nothing in this package accepts or returns {@code null}; absent values are {@link
 * java.util.Optional}. Constructors reject {@code null} with a message naming the argument.
 */
package io.cdpwatch.core.check;
