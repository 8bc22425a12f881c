package dev.parsec.cloud;

import dev.parsec.tracing.TraceHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads cloud code runs on: plain threads, not Vert.x's worker threads, because Vert.x 5 refuses
 * {@code Future.await()} on its own threads (event loop and worker alike) and cloud code may wait for its data
 * calls that way; on a plain thread, await parks the thread until the Future completes. As many run at once as
 * the pool has threads; more calls wait their turn. Idle threads end after a minute.
 */
final class CloudThreads {

  private final ExecutorService executor;

  CloudThreads(String name, int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    pool.allowCoreThreadTimeOut(true);
    this.executor = pool;
  }

  /** Runs the code on one of the threads, in the trace of the caller; its outcome completes the Future on the context. */
  <T> Future<T> run(Context context, Callable<T> code) {
    Promise<T> outcome = Promise.promise();
    Callable<T> traced = TraceHop.carried(context, code);
    executor.execute(() -> {
      try {
        T result = traced.call();
        context.runOnContext(v -> outcome.complete(result));
      } catch (Throwable e) {
        context.runOnContext(v -> outcome.fail(e));
      }
    });
    return outcome.future();
  }

  /** Takes no more code; what runs goes on to its end. */
  void close() {
    executor.shutdown();
  }
}
