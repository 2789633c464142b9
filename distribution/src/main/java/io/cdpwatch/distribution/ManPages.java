package io.cdpwatch.distribution;

import io.cdpwatch.adapters.nagios.CheckVeeamCdp;
import io.cdpwatch.adapters.zabbix.ZbxVeeamCdp;
import io.cdpwatch.cli.Help;
import io.cdpwatch.emsim.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes each command's {@code --help} text as its man page (section 1), so that the page never
 * says other than the command: run by the build into {@code target/man/man1}.
 */
public final class ManPages {

  private ManPages() {}

  /** Arguments: the directory to write to, and the version the pages name. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    String version = args[1];
    write(dir, "check_veeam_cdp", version, Help.of(CheckVeeamCdp.class, "/check_veeam_cdp.help"));
    write(dir, "zbx_veeam_cdp", version, Help.of(ZbxVeeamCdp.class, "/zbx_veeam_cdp.help"));
    write(dir, "em-simulator", version, Main.HELP);
  }

  private static void write(Path dir, String command, String version, String help)
      throws IOException {
    Files.writeString(
        dir.resolve(command + ".1"), page(command, version, help), StandardCharsets.UTF_8);
  }

  /**
   * The page of {@code help}, whose first line is {@code NAME [VERSION] (cdpwatch): what it does}:
   * that line makes the NAME section, the rest is kept as written (no filling).
   */
  static String page(String command, String version, String help) {
    String first = help.lines().findFirst().orElseThrow();
    String what = first.substring(first.indexOf("): ") + 3);
    String other = command.equals("check_veeam_cdp") ? "zbx_veeam_cdp" : "check_veeam_cdp";
    StringBuilder page = new StringBuilder();
    page.append(".TH ")
        .append(command.toUpperCase(Locale.ROOT))
        .append(" 1 \"\" \"cdpwatch ")
        .append(version)
        .append("\" \"cdpwatch\"\n")
        .append(".SH NAME\n")
        .append(command.replace("_", "\\_"))
        .append(" \\- ")
        .append(escape(what))
        .append("\n.SH DESCRIPTION\n.nf\n");
    help.lines()
        .skip(1)
        .forEach(line -> page.append(line.isEmpty() ? "" : "\\&" + escape(line)).append('\n'));
    page.append(".fi\n.SH SEE ALSO\n")
        .append(other)
        .append("(1); /usr/share/doc/cdpwatch/README.md\n");
    return page.toString();
  }

  /** Backslashes as roff's {@code \e}; a leading dot or quote is kept text by {@code \&}. */
  private static String escape(String text) {
    return text.replace("\\", "\\e");
  }
}
