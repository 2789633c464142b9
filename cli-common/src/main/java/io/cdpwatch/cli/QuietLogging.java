package io.cdpwatch.cli;

import java.util.List;

/**
 * Chooses SLF4J's provider before the first logger exists: logback only when a run asks for
 * diagnostics ({@code -v}); otherwise SLF4J's no-op provider, so that a quiet run neither loads nor
 * configures logback (at verbosity 0 it would log nothing anyway). JDK only on purpose: a class
 * naming logback would load it.
 */
public final class QuietLogging {

  static final String PROVIDER_PROPERTY = "slf4j.provider";

  /** SLF4J's own notes on stderr ("Attempting to load provider ..."): only its errors. */
  static final String REPORTER_VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

  static final String NO_OP_PROVIDER = "org.slf4j.helpers.NOP_FallbackServiceProvider";

  private QuietLogging() {}

  /** To be called first in {@code main}; a provider chosen with {@code -Dslf4j.provider} stays. */
  public static void unlessVerbose(String[] args) {
    if (System.getProperty(PROVIDER_PROPERTY) == null && !asksForDiagnostics(List.of(args))) {
      System.setProperty(PROVIDER_PROPERTY, NO_OP_PROVIDER);
      if (System.getProperty(REPORTER_VERBOSITY_PROPERTY) == null) {
        System.setProperty(REPORTER_VERBOSITY_PROPERTY, "ERROR");
      }
    }
  }

  /** Whether SLF4J was set to its no-op provider: then nothing is logged, at any level. */
  static boolean chosen() {
    return NO_OP_PROVIDER.equals(System.getProperty(PROVIDER_PROPERTY));
  }

  /**
   * Whether any argument could be {@code -v} or {@code --verbose}: a short-option group holding a
   * {@code v} counts too, even one that is really an option's attached value, since loading logback
   * needlessly only costs time, while missing a {@code -v} would lose diagnostics.
   */
  static boolean asksForDiagnostics(List<String> args) {
    for (String arg : args) {
      if (arg.equals("--verbose")
          || (arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf('v') > 0)) {
        return true;
      }
    }
    return false;
  }
}
