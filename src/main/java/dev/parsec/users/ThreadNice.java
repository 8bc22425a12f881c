package dev.parsec.users;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority (raises the nice value) of the calling thread, once per thread, on Linux: a
 * password hash then gets the CPU the event loops leave, instead of an equal share of it. Java has no call for a
 * thread's nice value, so the thread's id is read from /proc/thread-self and handed to {@code renice} (util-linux,
 * present on any Linux image; a thread may always lower its own priority). Elsewhere, or when renice is missing,
 * the thread keeps its priority: one warning says so.
 */
final class ThreadNice {

  private static final Logger LOG = LoggerFactory.getLogger(ThreadNice.class);
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  private static final ThreadLocal<Boolean> DONE = ThreadLocal.withInitial(() -> false);
  private static volatile boolean warned;

  private ThreadNice() {
  }

  /** Sets the calling thread's nice value to {@code nice} the first time it asks; blocks (a worker thread only). */
  static void lowerCurrentThread(int nice) {
    if (nice <= 0 || DONE.get()) {
      return;
    }
    DONE.set(true);
    try {
      String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
      Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
        renice.destroy();
        warn("renice failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      warn(e.toString());
    }
  }

  private static void warn(String why) {
    if (!warned) {
      warned = true;
      LOG.warn("password hashing threads keep their normal priority ({}): under a login storm they share the CPU "
          + "equally with the event loops", why);
    }
  }
}
