package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
