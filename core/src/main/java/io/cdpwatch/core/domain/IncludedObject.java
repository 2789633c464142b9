package io.cdpwatch.core.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An object a CDP policy includes ({@code Includes/ObjectInJob}): a VM, or a container (folder,
 * tag, cluster, host, resource pool, vApp) whose VMs EM does not list.
 *
 * @param hierarchyRef {@code urn:VMware:Vm:<vCenter>.vm-19} for a VM; other kinds are containers
 * @param name the object's name
 * @param displayName the name shown in B&R, which task sessions carry as {@code VmDisplayName}
 */
public record IncludedObject(
    String hierarchyRef, Optional<String> name, Optional<String> displayName) {

  public IncludedObject {
    Objects.requireNonNull(hierarchyRef, "'hierarchyRef' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(displayName, "'displayName' must not be null");
  }

  /** The kind the reference names, e.g. {@code Vm}, {@code Folder}, {@code Tag}; may be empty. */
  public String kind() {
    String[] parts = hierarchyRef.split(":", 4);
    return parts.length >= 3 ? parts[2] : "";
  }

  /** True for a VM ({@code urn:<platform>:Vm:...}). */
  public boolean isVm() {
    return kind().toLowerCase(Locale.ROOT).equals("vm");
  }

  /** The name to match task sessions with: the display name, else the name, else the reference. */
  public String label() {
    return displayName.or(() -> name).orElse(hierarchyRef);
  }
}
