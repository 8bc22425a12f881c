package dev.parsec.config;

import java.util.Optional;

/**
 * OpenTelemetry tracing: where spans go (an OTLP/HTTP traces URL; none means no tracer at all), the service name
 * spans carry, and the share of new traces kept (a request that arrives with a traceparent follows its caller's choice).
 */
public record TracingSettings(Optional<String> endpoint, String serviceName, double sampleRatio) {

  public boolean enabled() {
    return endpoint.isPresent();
  }
}
