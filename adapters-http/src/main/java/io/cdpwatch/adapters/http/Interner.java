package io.cdpwatch.adapters.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares equal values among the many items of one query: a backup server's link, a policy session's
 * UID and link, a state or result appear in thousands of sessions, and a VM's newest session is
 * kept to the end of a run. Bounded, so that an estate of unique values cannot grow it without
 * limit: past {@link #MAX} values it hands back what it is given.
 */
final class Interner {

  static final int MAX = 4096;

  private final Map<Object, Object> values = new HashMap<>();

  @SuppressWarnings("unchecked")
  <T> T intern(T value) {
    Object known = values.get(value);
    if (known != null) {
      return (T) known;
    }
    if (values.size() < MAX) {
      values.put(value, value);
    }
    return value;
  }
}
