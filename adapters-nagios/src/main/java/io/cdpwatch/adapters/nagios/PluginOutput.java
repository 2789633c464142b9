package io.cdpwatch.adapters.nagios;

import io.cdpwatch.core.check.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a check result as Nagios plugin output: {@code CDP <STATE> - <summary> | <perfdata>},
 * then one long-output line per problem item (worst first) and, when verbose, per OK item.
 *
 * <p>The whole output stays within {@link #MAX_BYTES}: long output is cut first (with a line that
 * says how much), then per-VM perfdata of OK items, then per-VM perfdata of problem items; the
 * first line's text and the count metrics are always kept. {@code |} never appears in human text.
 */
final class PluginOutput {

  /** Nagios 4 reads 8 KB of plugin output, perfdata included; keep a margin for the newline. */
  static final int MAX_BYTES = 8_000;

  /** The summary is what pagers show: keep it readable. */
  static final int MAX_SUMMARY_CHARS = 300;

  /** A failure's reason says what to do, often at its end: cut only what no one would read. */
  static final int MAX_REASON_CHARS = 1_000;

  private PluginOutput() {}

  /** The full plugin output, ending in a newline. */
  static String render(CheckResult result, boolean verbose) {
    String head = "CDP " + result.status() + " - " + firstLine(shorten(result.summary()));
    List<String> perfdata = new ArrayList<>();
    List<Boolean> isCount = new ArrayList<>();
    for (Metric metric : result.metrics()) {
      perfdata.add(Perfdata.format(metric));
      isCount.add(metric.unit() == Metric.Unit.NONE);
    }
    List<String> lines = new ArrayList<>();
    for (CheckResult.Detail detail : result.details()) {
      if (verbose || detail.status() != Status.OK) {
        lines.add(detail.status() + ": " + clean(detail.text()));
      }
    }
    return fit(head, perfdata, isCount, lines);
  }

  /** A one-line UNKNOWN result for a failure, e.g. bad arguments or an unreachable EM. */
  static String unknown(String reason) {
    return "CDP UNKNOWN - " + Text.shorten(firstLine(reason), MAX_REASON_CHARS) + "\n";
  }

  private static String fit(
      String head, List<String> perfdata, List<Boolean> isCount, List<String> lines) {
    int size = bytes(head) + 1;
    int perfSize = 0;
    for (String item : perfdata) {
      perfSize += bytes(item) + 1;
    }
    size += perfdata.isEmpty() ? 0 : perfSize + 2;
    int linesSize = 0;
    for (String line : lines) {
      linesSize += bytes(line) + 1;
    }
    List<String> kept = new ArrayList<>(lines);
    int droppedLines = 0;
    while (!kept.isEmpty() && size + linesSize + note(droppedLines, 0) > MAX_BYTES) {
      linesSize -= bytes(kept.remove(kept.size() - 1)) + 1;
      droppedLines++;
    }
    // Per-VM metrics come in report order (worst first): drop from the end, never a count.
    List<String> metrics = new ArrayList<>(perfdata);
    int droppedMetrics = 0;
    for (int i = metrics.size() - 1;
        i >= 0 && size + linesSize + note(droppedLines, droppedMetrics) > MAX_BYTES;
        i--) {
      if (!isCount.get(i)) {
        size -= bytes(metrics.remove(i)) + 1;
        droppedMetrics++;
      }
    }
    return join(head, metrics, kept, dropNote(droppedLines, droppedMetrics));
  }

  private static int note(int lines, int metrics) {
    return bytes(dropNote(lines, metrics));
  }

  /** Says what the 8 KB limit left out, or nothing when it left out nothing. */
  private static String dropNote(int lines, int metrics) {
    if (lines == 0 && metrics == 0) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (lines > 0) {
      parts.add(lines + " more lines");
    }
    if (metrics > 0) {
      parts.add(metrics + " per-VM metrics");
    }
    return "... " + String.join(" and ", parts) + " not shown (8 KB output limit)\n";
  }

  private static String join(String head, List<String> perfdata, List<String> lines, String note) {
    StringBuilder out = new StringBuilder(head);
    if (!perfdata.isEmpty()) {
      out.append(" | ").append(String.join(" ", perfdata));
    }
    out.append('\n');
    for (String line : lines) {
      out.append(line).append('\n');
    }
    out.append(note);
    return out.toString();
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** First-line text: also no {@code ;}, which Nagios turns into {@code :} there. */
  static String firstLine(String text) {
    return clean(text).replace(';', ',');
  }

  /** Human text: no {@code |} (it starts perfdata) and no line breaks inside a line. */
  static String clean(String text) {
    StringBuilder clean = new StringBuilder(text.length());
    boolean inBreak = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean isBreak = c == '\r' || c == '\n' || c == '\t';
      if (!isBreak) {
        clean.append(c == '|' ? '/' : c);
      } else if (!inBreak) {
        clean.append(' ');
      }
      inBreak = isBreak;
    }
    return clean.toString();
  }

  private static String shorten(String text) {
    return Text.shorten(text, MAX_SUMMARY_CHARS);
  }
}
