package dev.parsec.tracing;

import dev.parsec.ops.OpsRoutes;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Vert.x's OpenTelemetry tracer, guarded where the internet reaches it: every span's tags go through
 * {@link RedactedTags}, and unless {@code otel_trust_traceparent} is set an HTTP request's {@code traceparent} and
 * {@code tracestate} are not read, so a client can neither have every one of its requests kept (a sampled flag, or a
 * trace id chosen under the sampling ratio) nor pass its tracestate on to webhooks. Event-bus messages between nodes
 * always continue their trace. The probes of /health, /ready and /metrics, every few seconds from load balancers and
 * Prometheus, start no trace: in a quiet cluster they would be most of them.
 */
final class GuardedTracer implements VertxTracer<Object, Object> {

  private static final Iterable<Map.Entry<String, String>> NO_HEADERS = List.of();

  private final VertxTracer<Object, Object> tracer;
  private final boolean trustTraceparent;

  @SuppressWarnings("unchecked")
  GuardedTracer(VertxTracer<?, ?> tracer, boolean trustTraceparent) {
    this.tracer = (VertxTracer<Object, Object>) tracer;
    this.trustTraceparent = trustTraceparent;
  }

  @Override
  public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
      Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
    boolean fromClient = request instanceof HttpServerRequest;
    if (fromClient && OpsRoutes.PATHS.contains(((HttpServerRequest) request).path())) {
      return null;
    }
    return tracer.receiveRequest(context, kind, policy, request, operation, fromClient && !trustTraceparent ? NO_HEADERS : headers,
        new RedactedTags<>(tagExtractor));
  }

  @Override
  public <R> void sendResponse(Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
    tracer.sendResponse(context, response, payload, failure, new RedactedTags<>(tagExtractor));
  }

  @Override
  public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
      BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
    return tracer.sendRequest(context, kind, policy, request, operation, headers, new RedactedTags<>(tagExtractor));
  }

  @Override
  public <R> void receiveResponse(Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
    tracer.receiveResponse(context, response, payload, failure, new RedactedTags<>(tagExtractor));
  }

  @Override
  public void close() {
    tracer.close();
  }
}
