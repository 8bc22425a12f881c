package dev.parsec.tracing;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;
import java.util.concurrent.Callable;

/**
 * Carries a request's trace where Vert.x does not: onto a thread of its own (cloud code runs on plain threads, which
 * have no Vert.x context) and from there onto another event loop (cloud code's data calls). Without a tracer every
 * method answers what it was given, after one null check.
 */
public final class TraceHop {

  private TraceHop() {
  }

  /**
   * The code, to run on another thread inside the trace current here (on a Vert.x context, the span of the request or
   * message it serves).
   */
  public static <T> Callable<T> carried(Context here, Callable<T> code) {
    if (((ContextInternal) here).tracer() == null) {
      return code;
    }
    io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
    if (trace == io.opentelemetry.context.Context.root()) {
      return code;
    }
    return () -> {
      try (io.opentelemetry.context.Scope scope = trace.makeCurrent()) {
        return code.call();
      }
    };
  }

  /**
   * The context a call from the current thread (a cloud code thread, or a Vert.x context) should run on: the target
   * itself without a trace, otherwise a duplicate of it carrying the current trace, so that the statements and
   * commands it sends are spans of that trace (and concurrent calls on the same event loop keep theirs apart).
   */
  public static Context onto(Context target) {
    ContextInternal internal = (ContextInternal) target;
    if (internal.tracer() == null) {
      return target;
    }
    io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
    if (trace == io.opentelemetry.context.Context.root()) {
      return target;
    }
    ContextInternal duplicate = internal.duplicate();
    VertxContextStorage.INSTANCE.attach(duplicate, trace);
    return duplicate;
  }
}
