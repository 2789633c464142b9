package io.cdpwatch.emsim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/** Bodies that attack the client's XML parser, or never end. */
final class HostileBodies {

  private static final String OPEN =
      "<QueryResult xmlns=\"" + Xml.NS + "\">\n  <Entities>\n    <CdpReplicaTaskSessions>\n";
  private static final String CLOSE =
      "    </CdpReplicaTaskSessions>\n  </Entities>\n"
          + "  <PagingInfo PagesCount=\"1\" PageSize=\"100\" PageNum=\"1\" />\n</QueryResult>\n";

  private final Canary canary;
  private final String hrefs;
  private final CountDownLatch stopped;

  HostileBodies(Canary canary, String hrefs, CountDownLatch stopped) {
    this.canary = canary;
    this.hrefs = hrefs;
    this.stopped = stopped;
  }

  void send(Request r, Fault f) throws IOException {
    r.status = 200;
    r.ex.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
    String doc;
    switch (f.kind()) {
      case EXTERNAL_ENTITY ->
          doc =
              Xml.DECLARATION
                  + "<!DOCTYPE QueryResult [\n  <!ENTITY canary SYSTEM \""
                  + canary.baseUrl()
                  + "/canary/entity\">\n]>\n"
                  + OPEN
                  + sampleTask("&canary;")
                  + CLOSE;
      case EXTERNAL_DTD ->
          doc =
              Xml.DECLARATION
                  + "<!DOCTYPE QueryResult SYSTEM \""
                  + canary.baseUrl()
                  + "/canary/dtd\">\n"
                  + OPEN
                  + sampleTask("Simulated external DTD")
                  + CLOSE;
      case EXTERNAL_ENTITY_FILE ->
          doc =
              Xml.DECLARATION
                  + "<!DOCTYPE QueryResult [\n  <!ENTITY canary SYSTEM \""
                  + canary.file().toUri()
                  + "\">\n]>\n"
                  + OPEN
                  + sampleTask("&canary;")
                  + CLOSE;
      case ENTITY_BOMB -> {
        StringBuilder sb = new StringBuilder(Xml.DECLARATION);
        sb.append("<!DOCTYPE QueryResult [\n  <!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
          sb.append("  <!ENTITY lol").append(i).append(" \"");
          for (int j = 0; j < 10; j++) {
            sb.append("&lol").append(i - 1).append(';');
          }
          sb.append("\">\n");
        }
        sb.append("]>\n").append(OPEN).append(sampleTask("&lol9;")).append(CLOSE);
        doc = sb.toString();
      }
      case DEEP_NESTING -> {
        String task = sampleTask("Simulated deep nesting");
        int at = task.indexOf("        <TotalSize>");
        doc =
            Xml.DECLARATION
                + OPEN
                + task.substring(0, at)
                + "<Deep>".repeat(10_000)
                + "</Deep>".repeat(10_000)
                + "\n"
                + task.substring(at)
                + CLOSE;
      }
      case HUGE_BODY -> {
        huge(r, f.amount());
        return;
      }
      default -> throw new IllegalStateException(f.toString());
    }
    byte[] b = doc.getBytes(StandardCharsets.UTF_8);
    r.ex.sendResponseHeaders(200, b.length);
    r.ex.getResponseBody().write(b);
  }

  /** A body of {@code limit} bytes or so (0: endless until the simulator stops), streamed. */
  private void huge(Request r, long limit) throws IOException {
    r.ex.sendResponseHeaders(200, 0);
    OutputStream out = r.ex.getResponseBody();
    byte[] head = (Xml.DECLARATION + OPEN).getBytes(StandardCharsets.UTF_8);
    byte[] item =
        sampleTask("Error: simulated huge body. " + "x".repeat(2000))
            .getBytes(StandardCharsets.UTF_8);
    out.write(head);
    long sent = head.length;
    while (limit == 0 || sent < limit) {
      if (stopped.getCount() == 0) {
        return;
      }
      out.write(item);
      sent += item.length;
    }
    out.write(CLOSE.getBytes(StandardCharsets.UTF_8));
  }

  private String sampleTask(String reasonXml) {
    String id = "2ec4d35f-b5d8-4cb3-9d11-12e1d5792625";
    return "      <CdpReplicaTaskSession Type=\"CdpReplicaTaskSession\" Href=\""
        + hrefs
        + "/replicaTaskSessions/"
        + id
        + "?format=Entity\" Name=\"virt03-ubuntu01@2021-02-12 00:00:10\""
        + " UID=\"urn:veeam:CdpReplicaTaskSession:"
        + id
        + "\" VmDisplayName=\"virt03-ubuntu01\">\n"
        + "        <PolicySessionUid>urn:veeam:CdpReplicaSession:"
        + "6b872a71-51e8-437a-8d45-5c6494b92f3f</PolicySessionUid>\n"
        + "        <CreationTimeUTC>2021-02-12T00:00:10.457Z</CreationTimeUTC>\n"
        + "        <EndTimeUTC>2021-02-12T08:00:11.3Z</EndTimeUTC>\n"
        + "        <State>Completed</State>\n"
        + "        <Result>Failed</Result>\n"
        + "        <Reason>"
        + reasonXml
        + "</Reason>\n"
        + "        <TotalSize>17179869184</TotalSize>\n"
        + "      </CdpReplicaTaskSession>\n";
  }
}
