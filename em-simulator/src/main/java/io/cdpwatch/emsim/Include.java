package io.cdpwatch.emsim;

import java.util.Objects;

/**
 * An object a CDP policy includes ({@code Includes/ObjectInJob}): a VM or a container.
 *
 * @param id the ObjectInJobId (a GUID)
 * @param kind {@code Vm}, or a container kind such as {@code Folder} or {@code Tag}
 * @param name its name; for a VM the display name its task sessions carry
 */
public record Include(String id, String kind, String name) {

  /** The vCenter every simulated hierarchy reference names. */
  private static final String VCENTER = "45237d2c-c163-4cb1-9f6e-c9913cdea868";

  public Include {
    Ids.requireGuid(id, "id");
    Objects.requireNonNull(kind, "'kind' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
  }

  public static Include vm(String name) {
    return new Include(Ids.stable("include:Vm:" + name), "Vm", name);
  }

  /** A container ({@code Folder}, {@code Tag}, ...) whose VMs EM does not list. */
  public static Include container(String kind, String name) {
    return new Include(Ids.stable("include:" + kind + ":" + name), kind, name);
  }

  /** {@code urn:VMware:Vm:<vCenter>.vm-<n>}, {@code urn:VMware:Folder:<vCenter>.group-v<n>}. */
  public String hierarchyRef() {
    String moref = kind.equals("Vm") ? "vm-" : "group-v";
    return "urn:VMware:%s:%s.%s%d"
        .formatted(kind, VCENTER, moref, Math.abs(name.hashCode() % 100000));
  }
}
