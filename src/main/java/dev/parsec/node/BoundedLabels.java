package dev.parsec.node;

import dev.parsec.cloud.FunctionRunner;
import dev.parsec.cloud.JobRunner;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import java.util.Set;

/**
 * Labels of Vert.x's own metrics whose values a client chooses, kept to a bounded set: each new value is a new series
 * on /metrics (a dozen histograms for an HTTP method), so a client sending made-up values would add series without
 * end. Vert.x takes any token as an HTTP method ({@code PROBE1}, {@code PROBE2}...): any but HTTP's own counts as
 * {@code OTHER}. A call of a function or job of any name is an event-bus message to an address of that name, counted
 * whether or not a function of that name exists: those addresses count under their prefix ({@code parsec.cloud.function.*}).
 */
public final class BoundedLabels {

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
  /** Addresses ending in a name a client sends. */
  private static final List<String> NAMED_BY_CLIENTS = List.of(FunctionRunner.ADDRESS, JobRunner.KNOWN);

  private BoundedLabels() {
  }

  public static List<MeterFilter> filters() {
    return List.of(MeterFilter.replaceTagValues("method", BoundedLabels::method),
        MeterFilter.replaceTagValues("address", BoundedLabels::address));
  }

  static String method(String method) {
    return METHODS.contains(method) ? method : "OTHER";
  }

  private static String address(String address) {
    for (String prefix : NAMED_BY_CLIENTS) {
      if (address.startsWith(prefix)) {
        return prefix + "*";
      }
    }
    return address;
  }
}
