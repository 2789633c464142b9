package io.cdpwatch.adapters.http;

import java.util.Locale;
import java.util.Optional;

/**
 * The rungs of the query ladder, narrowest first: what a query asks EM to filter and sort. Each is
 * tried only when EM refused the one before; whatever EM does, the client filters exactly.
 */
enum QueryForm {
  FILTER_UTC_SORTED("filter on CreationTimeUTC, sorted", "CreationTimeUTC", "CreationTimeUTC"),
  FILTER_UTC("filter on CreationTimeUTC, unsorted", "CreationTimeUTC", null),
  // Real EMs in the wild filter sessions on CreationTime; only the docs use CreationTimeUTC.
  FILTER_SORTED("filter on CreationTime, sorted", "CreationTime", "CreationTime"),
  FILTER("filter on CreationTime, unsorted", "CreationTime", null),
  SORTED("no filter, sorted", null, "CreationTimeUTC"),
  PAGING("paging only", null, null);

  private final String description;
  private final String timeField;
  private final String sortField;

  QueryForm(String description, String timeField, String sortField) {
    this.description = description;
    this.timeField = timeField;
    this.sortField = sortField;
  }

  static QueryForm narrowest() {
    return values()[0];
  }

  /** The next rung down, or empty at the bottom. */
  Optional<QueryForm> wider() {
    int next = ordinal() + 1;
    return next < values().length ? Optional.of(values()[next]) : Optional.empty();
  }

  /** The field the filter compares the creation time on; empty: no filter. */
  Optional<String> timeField() {
    return Optional.ofNullable(timeField);
  }

  /** The field to sort descending on; empty: unsorted. */
  Optional<String> sortField() {
    return Optional.ofNullable(sortField);
  }

  /** The name in the memory file, e.g. {@code filter-utc-sorted}. */
  String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Optional<QueryForm> ofId(String id) {
    for (QueryForm form : values()) {
      if (form.id().equals(id)) {
        return Optional.of(form);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return description;
  }
}
