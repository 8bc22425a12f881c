package dev.parsec.tracing;

import dev.parsec.config.TracingSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.VertxBuilder;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's OpenTelemetry tracer, made only when {@code otel_endpoint} is set: Vert.x then traces HTTP requests in
 * and out, event-bus messages, PostgreSQL statements and Redis commands, and reads and writes W3C {@code traceparent}
 * (guarded by {@link GuardedTracer}).
 * Spans are batched and exported over OTLP/HTTP (protobuf) by the JDK's HTTP client; each carries the service name and
 * the node's id ({@code service.instance.id}).
 */
public final class Tracing {

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> SERVICE_INSTANCE = AttributeKey.stringKey("service.instance.id");

  private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);

  private final OpenTelemetrySdk sdk;
  private final boolean trustTraceparent;

  private Tracing(OpenTelemetrySdk sdk, boolean trustTraceparent) {
    this.sdk = sdk;
    this.trustTraceparent = trustTraceparent;
  }

  /** The tracer of a node, or null when tracing is off (no endpoint): then nothing is installed at all. */
  public static Tracing start(TracingSettings settings, String nodeId) {
    if (!settings.enabled()) {
      return null;
    }
    OtelLogBridge.install();
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        SERVICE_NAME, settings.serviceName(), SERVICE_INSTANCE, nodeId)));
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(settings.endpoint().orElseThrow()).build();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource)
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .build();
    URI endpoint = URI.create(settings.endpoint().orElseThrow());
    // the URL without any user:password in it
    LOG.info("tracing: spans of service {} exported to {}://{}{} ({}% of new traces kept)", settings.serviceName(), endpoint.getScheme(),
        endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()), endpoint.getRawPath(), settings.sampleRatio() * 100);
    return new Tracing(OpenTelemetrySdk.builder()
        .setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build(), settings.trustTraceparent());
  }

  /** Has the Vert.x instance being built trace with this tracer. */
  public VertxBuilder installOn(VertxBuilder builder) {
    OpenTelemetryTracingFactory factory = new OpenTelemetryTracingFactory(sdk);
    return builder.withTracer(options -> new GuardedTracer(factory.tracer(options), trustTraceparent));
  }

  /** Exports the spans still waiting, then stops (after the node's Vert.x closed). */
  public void close() {
    sdk.getSdkTracerProvider().shutdown().join(10, TimeUnit.SECONDS);
  }
}
