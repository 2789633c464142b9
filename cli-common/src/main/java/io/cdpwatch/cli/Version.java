package io.cdpwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The cdpwatch version the build stamped into this module. */
public final class Version {

  private Version() {}

  public static String text() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/cdpwatch-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // an unreadable version resource only loses the version text
    }
    return properties.getProperty("version", "unknown");
  }
}
