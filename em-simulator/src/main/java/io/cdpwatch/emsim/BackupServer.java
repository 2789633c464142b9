package io.cdpwatch.emsim;

import java.util.Objects;

/**
 * A Veeam Backup &amp; Replication server registered in Enterprise Manager ({@code
 * /backupServers/{id}}).
 *
 * @param id the GUID after the last {@code :} of the UID
 * @param name the server name (a DNS name or an IP address)
 * @param description free text, may be empty
 * @param port the EM data collection port (9392 by default)
 * @param version the VBR version, e.g. {@code 13.0.1.1071}
 * @param wcfPort the WCF port (9405 on VBR 12+)
 * @param certificateThumbprint the VBR certificate thumbprint, may be empty
 */
public record BackupServer(
    String id,
    String name,
    String description,
    int port,
    String version,
    int wcfPort,
    String certificateThumbprint) {

  public BackupServer {
    Ids.requireGuid(id, "id");
    Objects.requireNonNull(name, "'name' must not be null");
    description = description == null ? "" : description;
    version = version == null ? "13.0.1.1071" : version;
    certificateThumbprint = certificateThumbprint == null ? "" : certificateThumbprint;
  }

  /** A server with the given name, a random id and default ports and version. */
  public static BackupServer of(String name) {
    return new BackupServer(Ids.random(), name, "", 9392, "13.0.1.1071", 9405, "");
  }

  public String uid() {
    return "urn:veeam:BackupServer:" + id;
  }
}
