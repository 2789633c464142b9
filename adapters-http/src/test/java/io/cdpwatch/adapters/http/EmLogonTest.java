package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmLogonTest {

  @Test
  void aRefusedLogonNamesTheOtherFormOfTheAccount() {
    assertEquals(
        " (a Linux Enterprise Manager wants the UPN form, svc-mon@<domain FQDN>)",
        EmLogon.otherNameForm("CORP\\svc-mon"));
    assertEquals(
        " (a Windows Enterprise Manager also takes corp.example.com\\svc-mon)",
        EmLogon.otherNameForm("svc-mon@corp.example.com"));
    assertEquals("", EmLogon.otherNameForm("monitor"));
    assertEquals("", EmLogon.otherNameForm("\\odd"));
  }

  @Test
  void theVersionToFallBackToIsTheNewestNotNewerThanOursWithCdp() {
    assertEquals(Optional.of("v1_6"), EmLogon.usable(List.of("v1_5", "v1_6")));
    assertEquals(Optional.of("v1_6"), EmLogon.usable(List.of("v1_6", "v1_8", "v1_5")));
    assertEquals(Optional.of("v1_8"), EmLogon.usable(List.of("v1_5", "v1_10", "v1_8")));
    assertEquals(Optional.of("v1_10"), EmLogon.usable(List.of("v1_10", "v1_5")));
    assertEquals(Optional.empty(), EmLogon.usable(List.of("v1_4", "v1_5", "latest")));
    assertEquals(Optional.empty(), EmLogon.usable(List.of()));
  }
}
