package io.cdpwatch.adapters.nagios;

import io.cdpwatch.core.check.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Nagios performance data, {@code 'label'=value[UOM];[warn];[crit];[min];[max]}, as the plugin
 * guidelines and Icinga's parser want it: labels quoted unless plain, {@code '} and {@code =} never
 * in a label, plain C-locale decimals, trailing empty fields dropped.
 */
final class Perfdata {

  private Perfdata() {}

  /** One metric as a perfdata item. */
  static String format(Metric metric) {
    StringBuilder text = new StringBuilder(label(metric.label()));
    text.append('=').append(number(metric.value())).append(metric.unit().symbol());
    List<String> fields = new ArrayList<>();
    fields.add(metric.warning().map(Range::toString).orElse(""));
    fields.add(metric.critical().map(Range::toString).orElse(""));
    fields.add(optional(metric.min()));
    fields.add(optional(metric.max()));
    while (!fields.isEmpty() && fields.get(fields.size() - 1).isEmpty()) {
      fields.remove(fields.size() - 1);
    }
    for (String field : fields) {
      text.append(';').append(field);
    }
    return text.toString();
  }

  /**
   * A label safe for every parser: {@code '}, {@code =}, {@code |} and control characters become
   * {@code _}; quoted unless it is all of {@code A-Za-z0-9_.-}. (By hand: a regular expression
   * costs a short run more than all its labels.)
   */
  static String label(String label) {
    StringBuilder safe = new StringBuilder(label.length() + 2).append('\'');
    boolean plain = !label.isEmpty();
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      boolean forbidden = c == '\'' || c == '=' || c == '|' || c < 0x20 || c == 0x7f;
      safe.append(forbidden ? '_' : c);
      plain &=
          forbidden
              || (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == '-';
    }
    return plain ? safe.substring(1) : safe.append('\'').toString();
  }

  private static String optional(OptionalDouble value) {
    return value.isPresent() ? number(value.getAsDouble()) : "";
  }

  private static String number(double value) {
    return Double.isFinite(value) ? Range.format(value) : "U";
  }
}
