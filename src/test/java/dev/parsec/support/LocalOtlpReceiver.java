package dev.parsec.support;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * An OpenTelemetry Collector's OTLP/HTTP receiver, as far as traces go: it takes {@code POST /v1/traces} in protobuf
 * (ExportTraceServiceRequest), keeps every span with its resource's attributes, and answers as the Collector does.
 */
public final class LocalOtlpReceiver implements AutoCloseable {

  /** A span as received: ids in hex, its kind, name, attributes and its resource's attributes. */
  public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String kind, String name,
                             Map<String, String> attributes, Map<String, String> resource) {
    @Override
    public String toString() {
      return kind + " " + name + " " + spanId + "<-" + parentSpanId + " on " + resource.get("service.instance.id") + " " + attributes;
    }
  }

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final List<String> exports = new CopyOnWriteArrayList<>();

  public LocalOtlpReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", TestNodes.freePort()), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/traces", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
        exports.add(request.toString());
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
          Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
          for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
            scope.getSpansList().forEach(span -> spans.add(new ReceivedSpan(hex(span.getTraceId().toByteArray()),
                hex(span.getSpanId().toByteArray()), hex(span.getParentSpanId().toByteArray()), span.getKind().name(),
                span.getName(), attributes(span.getAttributesList()), resource)));
          }
        }
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  /** The traces URL to give otel_endpoint. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Every export received, whole (resources, spans, their attributes and events), as protobuf's text format. */
  public String everything() {
    return String.join("\n", exports);
  }

  /** The Content-Type of every export received. */
  public List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    return values.stream().collect(Collectors.toMap(KeyValue::getKey, value -> switch (value.getValue().getValueCase()) {
      case STRING_VALUE -> value.getValue().getStringValue();
      case INT_VALUE -> String.valueOf(value.getValue().getIntValue());
      case BOOL_VALUE -> String.valueOf(value.getValue().getBoolValue());
      case DOUBLE_VALUE -> String.valueOf(value.getValue().getDoubleValue());
      default -> value.getValue().toString();
    }, (first, second) -> second));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
