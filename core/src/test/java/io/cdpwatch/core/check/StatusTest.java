package io.cdpwatch.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTest {

  @Test
  void stateCodesAreTheOnesMonitoringSystemsShare() {
    assertEquals(0, Status.OK.code());
    assertEquals(1, Status.WARNING.code());
    assertEquals(2, Status.CRITICAL.code());
    assertEquals(3, Status.UNKNOWN.code());
    assertEquals(Status.UNKNOWN, Status.ofCode(3));
    assertThrows(IllegalArgumentException.class, () -> Status.ofCode(4));
  }

  @Test
  void severityOrdersOkWarningUnknownCritical() {
    List<Status> sorted =
        List.of(Status.CRITICAL, Status.OK, Status.UNKNOWN, Status.WARNING).stream()
            .sorted(Status.BY_SEVERITY)
            .toList();

    assertEquals(List.of(Status.OK, Status.WARNING, Status.UNKNOWN, Status.CRITICAL), sorted);
  }

  @Test
  void worstOfNeverLetsUnknownHideCriticalNorPassForOk() {
    assertEquals(
        Status.CRITICAL, Status.worstOf(List.of(Status.UNKNOWN, Status.CRITICAL, Status.OK)));
    assertEquals(Status.UNKNOWN, Status.worstOf(List.of(Status.WARNING, Status.UNKNOWN)));
    assertEquals(Status.WARNING, Status.worstOf(List.of(Status.OK, Status.WARNING)));
    assertEquals(Status.OK, Status.worstOf(List.of()));
    assertTrue(Status.UNKNOWN.isWorseThan(Status.WARNING));
    assertFalse(Status.UNKNOWN.isWorseThan(Status.CRITICAL));
    assertEquals(Status.CRITICAL, Status.UNKNOWN.worst(Status.CRITICAL));
  }
}
