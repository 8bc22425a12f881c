package dev.parsec.config;

import java.time.Duration;

/**
 * How a node spends CPU on password hashes (Argon2id, tens of milliseconds of a core each): at most {@code threads}
 * at once, fewer than the cores by default so that a login storm leaves the event loops a core; and a hash that has
 * waited {@code maxWait} for a thread is refused (155, try later) instead of started, so that every login is
 * answered within about {@code maxWait} plus one hash however many arrive. A zero maxWait waits without bound.
 */
public record PasswordHashing(int threads, Duration maxWait) {

  /** One thread fewer than the cores (at least one). */
  public static int defaultThreads(int cores) {
    return Math.max(1, cores - 1);
  }
}
