package dev.parsec.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Waits for the messages a test collects from a socket. */
public final class Received {

  private Received() {
  }

  /** Returns once the list holds at least count messages; fails, naming what came, after millis. */
  public static void await(List<?> received, int count, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (received.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(received.size() >= count, "expected " + count + " messages, got " + received);
  }
}
