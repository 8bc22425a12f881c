package dev.parsec.config;

import java.time.Duration;

/**
 * How a node spends CPU on password hashes (Argon2id, tens of milliseconds of a core each): at most {@code threads}
 * at once, fewer than the cores by default so that a login storm leaves the event loops a core; a check not done
 * within {@code timeout} (waiting for a thread and hashing) is answered 155, try later, so that every login is
 * answered in about that time however many arrive (zero: no limit); the hashing threads run at nice value
 * {@code nice} (0: unchanged; above, they take only the CPU the event loops leave).
 */
public record PasswordHashing(int threads, Duration timeout, int nice) {

  /** One thread fewer than the cores (at least one). */
  public static int defaultThreads(int cores) {
    return Math.max(1, cores - 1);
  }
}
