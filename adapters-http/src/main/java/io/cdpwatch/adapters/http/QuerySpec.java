package io.cdpwatch.adapters.http;

import io.cdpwatch.core.domain.UtcTime;
import io.cdpwatch.core.port.out.PolicyQuery;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one query selects: the query type, the creation-time bound (empty for a type without one),
 * the names and the backup server; and the filter text each {@link QueryForm} sends for it.
 */
record QuerySpec(
    String type,
    Optional<Instant> since,
    String nameField,
    Set<String> names,
    Optional<String> server) {

  /** Above this many names, names are filtered client-side only. */
  static final int MAX_NAMES_IN_FILTER = 50;

  static QuerySpec of(TaskSessionQuery query) {
    return new QuerySpec(
        EmXml.TASK_SESSION,
        Optional.of(query.createdSince()),
        "VmDisplayName",
        query.vmNames(),
        query.backupServer());
  }

  static QuerySpec of(PolicySessionQuery query) {
    return new QuerySpec(
        EmXml.POLICY_SESSION,
        Optional.of(query.createdSince()),
        "PolicyName",
        query.policyNames(),
        query.backupServer());
  }

  /**
   * Policies: few, so read with paging only and filtered on our side; EM documents no creation time
   * for them to filter on.
   */
  static QuerySpec of(PolicyQuery query) {
    return new QuerySpec(
        EmXml.POLICY, Optional.empty(), "Name", query.policyNames(), query.backupServer());
  }

  /** Whether EM is asked to filter at all: only types with a creation time. */
  boolean timed() {
    return since.isPresent();
  }

  /** Whether the filter can name the selection (not too many names for it). */
  boolean namesFit() {
    return !names.isEmpty() && names.size() <= MAX_NAMES_IN_FILTER;
  }

  /** The filter {@code form} sends, with or without the name clauses; empty for no filter. */
  Optional<String> filter(QueryForm form, boolean withNames) {
    if (form.timeField().isEmpty() || since.isEmpty()) {
      return Optional.empty();
    }
    // Whole seconds, rounded down: EM's parser surely takes them, and the client filter is exact.
    StringBuilder filter =
        new StringBuilder(form.timeField().get())
            .append(">=")
            .append(quote(UtcTime.isoSeconds(since.get())));
    if (withNames && namesFit()) {
      filter.append(";(");
      String separator = "";
      for (String name : new TreeSet<>(names)) {
        filter.append(separator).append(nameField).append("==").append(quote(name));
        separator = ",";
      }
      filter.append(')');
    }
    server.ifPresent(name -> filter.append(";BackupServerName==").append(quote(name)));
    return Optional.of(filter.toString());
  }

  /** A filter value in double quotes, an embedded quote doubled. */
  static String quote(String value) {
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
