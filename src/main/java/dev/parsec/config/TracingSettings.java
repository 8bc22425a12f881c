package dev.parsec.config;

import java.util.Optional;

/**
 * OpenTelemetry tracing: where spans go (an OTLP/HTTP traces URL; none means no tracer at all), the service name
 * spans carry, the share of new traces kept, and whether an HTTP request's traceparent is followed (its trace continued,
 * its caller's sampling choice kept): only behind a gateway of the operator's that sets it.
 */
public record TracingSettings(Optional<String> endpoint, String serviceName, double sampleRatio, boolean trustTraceparent) {

  public boolean enabled() {
    return endpoint.isPresent();
  }
}
