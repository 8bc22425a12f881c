package dev.parsec.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * How late each event loop of the node runs a task scheduled on it, as {@code parsec_eventloop_delay_seconds{loop}}:
 * every 100 ms a task is scheduled on each loop and records how much later than due it ran. A loop that
 * something blocks, or that has more work than it can do, runs it late; nothing waits for the measure.
 */
public final class EventLoopDelay {

  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private volatile boolean stopped;

  private EventLoopDelay() {
  }

  /** Starts measuring every event loop of the Vert.x instance; each loop's timer is registered once, on the loop. */
  public static EventLoopDelay start(Vertx vertx, MeterRegistry registry) {
    EventLoopDelay delay = new EventLoopDelay();
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loop.execute(() -> delay.next(loop, Timer.builder("parsec.eventloop.delay")
          .description("how much later than due an event loop ran a task scheduled every 100 ms on it")
          .tag("loop", Thread.currentThread().getName())
          .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(100),
              Duration.ofMillis(500), Duration.ofSeconds(2))
          .register(registry)));
    }
    return delay;
  }

  public void stop() {
    stopped = true;
  }

  private void next(EventExecutor loop, Timer timer) {
    if (stopped) {
      return;
    }
    long due = System.nanoTime() + INTERVAL_NANOS;
    try {
      loop.schedule(() -> {
        timer.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
        next(loop, timer);
      }, INTERVAL_NANOS, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      // the loop shuts down with Vert.x
    }
  }
}
