/**
 * Enterprise Manager's CDP vocabulary as values: UIDs, links and references, CDP policies, policy
 * sessions, task sessions and backup servers, and the {@link io.cdpwatch.core.domain.LinkGraph}
 * their links form. Enumerated fields are {@link io.cdpwatch.core.domain.Reported}: lenient,
 * keeping values EM did not document.
 *
 * <p>Null policy: nothing in this package accepts or returns {@code null}; absent values are {@link
 * java.util.Optional}. Record constructors reject {@code null} with a message naming the field.
 */
package io.cdpwatch.core.domain;
