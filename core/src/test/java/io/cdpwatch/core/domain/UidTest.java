package io.cdpwatch.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UidTest {

  @Test
  void parsesTypeAndIdOfAVeeamUrn() {
    Uid uid = Uid.parse("urn:veeam:CdpReplicaTaskSession:2ec4d35f-b5d8-4cb3-9d11-12e1d5792625");

    assertEquals("CdpReplicaTaskSession", uid.type());
    assertEquals("2ec4d35f-b5d8-4cb3-9d11-12e1d5792625", uid.id());
    assertEquals(
        "urn:veeam:CdpReplicaTaskSession:2ec4d35f-b5d8-4cb3-9d11-12e1d5792625", uid.toString());
  }

  @Test
  void thePrefixIsReadWithoutRegardToCaseAndSurroundingSpaceIsIgnored() {
    assertEquals(new Uid("CdpPolicy", "145f3365"), Uid.parse(" URN:Veeam:CdpPolicy:145F3365\n"));
    assertEquals(new Uid("Other_Kind-2", "x_1"), Uid.parse("urn:veeam:Other_Kind-2:x_1"));
  }

  @Test
  void guidsCompareWithoutRegardToCase() {
    assertEquals(
        Uid.parse("urn:veeam:CdpPolicy:145F3365-6EC0-44E9-9538-8C8C34EBDCCE"),
        Uid.parse("urn:veeam:CdpPolicy:145f3365-6ec0-44e9-9538-8c8c34ebdcce"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "urn:veeam:",
        "urn:veeam:CdpPolicy",
        "urn:veeam:CdpPolicy:",
        "urn:other:CdpPolicy:1",
        "urn:veeam:Cdp Policy:1",
        "urn:veeam:CdpPolicy:1:2",
        "145f3365",
        "urn:veeam:CdpPolicy:a/b",
        "urn:veeam::1",
        "urn:veeam:CdpPolicy:é",
        "urn:veeam:CdpPolicy:1 2"
      })
  void rejectsAnythingButAVeeamUrn(String text) {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Uid.parse(text));
    assertTrue(error.getMessage().contains("Veeam UID"), error.getMessage());
  }

  @Test
  void acceptsABareIdOrAFullUidOfTheExpectedType() {
    Uid expected = new Uid("CdpReplicaTaskSession", "2ec4d35f-b5d8-4cb3-9d11-12e1d5792625");

    assertEquals(
        expected, Uid.parseOrId("2ec4d35f-b5d8-4cb3-9d11-12e1d5792625", "CdpReplicaTaskSession"));
    assertEquals(
        expected,
        Uid.parseOrId(
            "urn:veeam:CdpReplicaTaskSession:2ec4d35f-b5d8-4cb3-9d11-12e1d5792625",
            "CdpReplicaTaskSession"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Uid.parseOrId("urn:veeam:CdpPolicy:2ec4d35f", "CdpReplicaTaskSession"));
    assertThrows(
        IllegalArgumentException.class, () -> Uid.parseOrId("not a guid", "CdpReplicaTaskSession"));
  }
}
