package io.cdpwatch.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportedTest {

  @Test
  void documentedValuesAreRecognisedWhateverTheirCase() {
    assertEquals(
        Optional.of(TaskState.IN_PROGRESS), Reported.of(TaskState.values(), "InProgress").known());
    assertEquals(
        Optional.of(SessionResult.FAILED), Reported.of(SessionResult.values(), "failed").known());
    assertEquals(
        Optional.of(PolicySessionState.STOPPED),
        Reported.of(PolicySessionState.values(), " Stopped ").known());
    assertTrue(Reported.of(SessionResult.values(), "Warning").is(SessionResult.WARNING));
  }

  @ParameterizedTest
  @ValueSource(strings = {"None", "Postprocessing", "", "Success!", "Idle"})
  void undocumentedValuesAreKeptWithTheirTextNeverRejected(String raw) {
    Reported<SessionResult> result = Reported.of(SessionResult.values(), raw);

    assertFalse(result.isDocumented());
    assertEquals(raw.strip(), result.raw());
    assertFalse(result.is(SessionResult.SUCCESS));
  }

  @Test
  void everyDocumentedValueOfEachEnumIsRecognised() {
    for (TaskState state : TaskState.values()) {
      assertTrue(Reported.of(TaskState.values(), state.emText()).is(state));
    }
    for (PolicySessionState state : PolicySessionState.values()) {
      assertTrue(Reported.of(PolicySessionState.values(), state.emText()).is(state));
    }
    for (SessionResult result : SessionResult.values()) {
      assertEquals(result.emText(), Reported.of(result).raw());
    }
  }
}
