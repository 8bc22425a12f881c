package dev.parsec.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server's request meters, under Vert.x's names and labels (vertx_http_server_requests_total,
 * _response_time_seconds, _active_requests, _request_bytes, _response_bytes, _request_resets_total), so dashboards and
 * alerts read them as before. Vert.x's own build each request's tags anew and look each of five meters up in the
 * registry by them, a tenth of a get's CPU; these are looked up once per method, route and status and kept.
 * A request's route is the last one the router named. Connections and WebSockets are counted by Vert.x's meters.
 */
final class RequestMeters implements HttpServerMetrics<RequestMeters.Request, Object, Object> {

  /** The meters of one Vert.x instance (one registry), shared by its HTTP servers. */
  static final class Shared {
    private final MeterRegistry registry;
    private final Map<Answered, Meters> answered = new ConcurrentHashMap<>();
    private final Map<String, PerMethod> perMethod = new ConcurrentHashMap<>();

    Shared(MeterRegistry registry) {
      this.registry = registry;
    }

    private PerMethod of(HttpMethod method) {
      return perMethod.computeIfAbsent(BoundedLabels.method(method.name()), name -> new PerMethod(registry, name));
    }

    private Meters of(Answered key) {
      Meters meters = answered.get(key);
      return meters != null ? meters : answered.computeIfAbsent(key, k -> Meters.of(registry, k));
    }
  }

  private record PerMethod(String name, LongAdder active, DistributionSummary requestBytes, Counter resets) {
    PerMethod(MeterRegistry registry, String name) {
      this(name, new LongAdder(), DistributionSummary.builder("vertx.http.server.request.bytes")
              .description("Size of requests in bytes").tag("method", name).register(registry),
          Counter.builder("vertx.http.server.request.resets").description("Number of request resets")
              .tag("method", name).register(registry));
      Gauge.builder("vertx.http.server.active.requests", active, LongAdder::doubleValue)
          .description("Number of requests being processed").tag("method", name).register(registry);
    }
  }

  private record Answered(String method, String route, int code) {
  }

  private record Meters(Counter requests, Timer time, DistributionSummary responseBytes) {
    static Meters of(MeterRegistry registry, Answered key) {
      Tags tags = Tags.of("method", key.method(), "route", key.route(), "code", Integer.toString(key.code()));
      return new Meters(
          Counter.builder("vertx.http.server.requests").description("Number of processed requests").tags(tags).register(registry),
          Timer.builder("vertx.http.server.response.time").description("Request processing time").tags(tags).register(registry),
          DistributionSummary.builder("vertx.http.server.response.bytes").description("Size of responses in bytes")
              .tags(tags).register(registry));
    }
  }

  /** One request being answered. */
  static final class Request {
    private final PerMethod method;
    private final long start = System.nanoTime();
    private String route = "";
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean reset;

    private Request(PerMethod method) {
      this.method = method;
      method.active().increment();
    }

    /** Counts the request out of the active ones once both its halves are done (or at once on a reset). */
    private void done() {
      if (!reset && requestEnded && responseEnded) {
        method.active().decrement();
      }
    }
  }

  private final HttpServerMetrics<Object, Object, Object> connections;
  private final Shared shared;

  @SuppressWarnings("unchecked")
  RequestMeters(HttpServerMetrics<?, ?, ?> connections, Shared shared) {
    this.connections = (HttpServerMetrics<Object, Object, Object>) connections;
    this.shared = shared;
  }

  @Override
  public Request requestBegin(Object socket, HttpRequest request) {
    return new Request(shared.of(request.method()));
  }

  @Override
  public Request responsePushed(Object socket, HttpMethod method, String uri, HttpResponse response) {
    return new Request(shared.of(method));
  }

  @Override
  public void requestRouted(Request request, String route) {
    if (route != null) {
      request.route = route;
    }
  }

  @Override
  public void requestEnd(Request request, HttpRequest httpRequest, long bytesRead) {
    request.method.requestBytes().record(bytesRead);
    request.requestEnded = true;
    request.done();
  }

  @Override
  public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
    Meters meters = shared.of(new Answered(request.method.name(), request.route, response.statusCode()));
    meters.requests().increment();
    meters.time().record(System.nanoTime() - request.start, TimeUnit.NANOSECONDS);
    meters.responseBytes().record(bytesWritten);
    request.responseEnded = true;
    request.done();
  }

  @Override
  public void requestReset(Request request) {
    request.method.resets().increment();
    if (!request.reset && !(request.requestEnded && request.responseEnded)) {
      request.method.active().decrement();
    }
    request.reset = true;
  }

  @Override
  public Object connected(Object socket, Request request, ServerWebSocket webSocket) {
    return connections.connected(socket, null, webSocket);
  }

  @Override
  public void disconnected(Object webSocket) {
    connections.disconnected(webSocket);
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    return connections.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(Object socket, SocketAddress remoteAddress) {
    connections.disconnected(socket, remoteAddress);
  }

  @Override
  public void bytesRead(Object socket, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesRead(socket, remoteAddress, numberOfBytes);
  }

  @Override
  public void bytesWritten(Object socket, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesWritten(socket, remoteAddress, numberOfBytes);
  }

  @Override
  public void exceptionOccurred(Object socket, SocketAddress remoteAddress, Throwable t) {
    connections.exceptionOccurred(socket, remoteAddress, t);
  }

  @Override
  public void close() {
    connections.close();
  }
}
