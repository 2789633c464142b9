package io.cdpwatch.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of one page's body from the thread that fetches it to the thread that parses
 * it: at most {@link #CAPACITY} bytes wait in between, so a prefetched page costs a fixed amount of
 * memory whatever its size (the body ceiling is counted where the body is read). A failure of the
 * fetch reaches the reader as an {@link Upstream} exception; a reader that stops early {@link
 * #abandon}s the pipe, and the fetch then stops too.
 */
final class PagePipe extends InputStream {

  static final int CHUNK = 16 * 1024;
  static final int CAPACITY = 2 * 1024 * 1024;

  /** How long either side waits for the other before it looks at the deadline again. */
  private static final long POLL_MILLIS = 50;

  /** How long after the deadline the reader still waits for the fetch to report its failure. */
  private static final long GRACE_MILLIS = 2_000;

  private static final byte[] END = new byte[0];

  /** The fetch failed: the page is not complete. */
  static final class Upstream extends IOException {
    private static final long serialVersionUID = 1L;

    Upstream(Throwable cause) {
      super("the transfer of the page failed", cause);
    }
  }

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CAPACITY / CHUNK);
  private final Deadline deadline;
  private volatile Throwable failure;
  private volatile boolean abandoned;
  private byte[] current = END;
  private int position;
  private boolean ended;

  PagePipe(Deadline deadline) {
    this.deadline = deadline;
  }

  // ---------------------------------------------------------------- the fetching side

  /** Copies {@code body} into the pipe to its end; blocks while the pipe is full. */
  void fill(InputStream body) throws IOException {
    while (true) {
      byte[] chunk = new byte[CHUNK];
      int n = body.readNBytes(chunk, 0, CHUNK);
      if (n > 0) {
        put(n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
      }
      if (n < CHUNK) {
        put(END);
        return;
      }
    }
  }

  /** The fetch failed (before the body, or in it): the reader gets {@link Upstream}. */
  void fail(Throwable cause) {
    failure = cause;
  }

  private void put(byte[] chunk) throws IOException {
    try {
      // Checked before each chunk too: an abandoned page stops at once, not when the pipe is full.
      while (abandoned || !chunks.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (abandoned) {
          chunks.clear();
          throw new IOException("the page was not read to its end");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  // ---------------------------------------------------------------- the reading side

  /** The reader stops here: the fetch gives up at its next write. */
  void abandon() {
    abandoned = true;
    chunks.clear();
  }

  /** True when the reader failed because the fetch did. */
  boolean failedUpstream() {
    return failure != null;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position == current.length && !next()) {
      return -1;
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, buffer, offset, n);
    position += n;
    return n;
  }

  /** Takes the next chunk; false at the end of the body. */
  private boolean next() throws IOException {
    if (ended) {
      return false;
    }
    long graceEnd = -1;
    while (true) {
      // A chunk already handed over is read before a failure that came after it is noticed.
      byte[] chunk;
      try {
        chunk = chunks.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (chunk == END) {
        ended = true;
        return false;
      }
      if (chunk != null) {
        current = chunk;
        position = 0;
        return true;
      }
      Throwable failed = failure;
      if (failed != null) {
        throw new Upstream(failed);
      }
      if (deadline.passed()) {
        // The fetch's own watchdog ends it at the deadline and reports; wait a little for that.
        long now = System.nanoTime();
        if (graceEnd < 0) {
          graceEnd = now + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        } else if (now - graceEnd > 0) {
          throw new Upstream(deadline.timeout("a prefetched page"));
        }
      }
    }
  }
}
