package io.cdpwatch.adapters.nagios;

import io.cdpwatch.core.check.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Nagios performance data, {@code 'label'=value[UOM];[warn];[crit];[min];[max]}, as the plugin
 * guidelines and Icinga's parser want it: labels quoted unless plain, {@code '} and {@code =} never
 * in a label, plain C-locale decimals, trailing empty fields dropped.
 */
final class Perfdata {

  private static final Pattern PLAIN_LABEL = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern FORBIDDEN_IN_LABEL = Pattern.compile("['=|\\p{Cntrl}]");

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

  /** A label safe for every parser: forbidden characters become {@code _}, quoted unless plain. */
  static String label(String label) {
    String safe = FORBIDDEN_IN_LABEL.matcher(label).replaceAll("_");
    return PLAIN_LABEL.matcher(safe).matches() ? safe : "'" + safe + "'";
  }

  private static String optional(OptionalDouble value) {
    return value.isPresent() ? number(value.getAsDouble()) : "";
  }

  private static String number(double value) {
    return Double.isFinite(value) ? Range.format(value) : "U";
  }
}
