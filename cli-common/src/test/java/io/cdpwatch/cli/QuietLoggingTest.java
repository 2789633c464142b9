package io.cdpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuietLoggingTest {

  @Test
  void everyWayOfAskingForVerbosityLoadsTheLoggingFramework() {
    for (List<String> args :
        List.<List<String>>of(
            List.of("-v"),
            List.of("-vvv"),
            List.of("--url", "http://em", "--verbose"),
            List.of("collect", "-tv"),
            List.of("-Hv"))) {
      assertTrue(QuietLogging.asksForDiagnostics(args), args.toString());
    }
  }

  @Test
  void aRunThatDoesNotAskStaysQuiet() {
    for (List<String> args :
        List.<List<String>>of(
            List.of(),
            List.of("--url", "http://em/v", "-u", "TECH\\veeam", "--vm", "srv-v01"),
            List.of("--version"),
            List.of("collect", "--verbosity-is-not-an-option"),
            List.of("-"))) {
      assertFalse(QuietLogging.asksForDiagnostics(args), args.toString());
    }
  }
}
