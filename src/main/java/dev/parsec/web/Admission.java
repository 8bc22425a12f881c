package dev.parsec.web;

import io.vertx.core.Future;
import java.util.Map;

/**
 * What a call passes once its caller is known, before its action runs: the query limits and the rate
 * limits. The same for a direct call and for each of a batch's sub-requests.
 */
@FunctionalInterface
public interface Admission {

  /** A call let through: as it runs (a limit capped), and the headers its answer carries (RateLimit). */
  record Admitted(ParseRequest request, Map<String, String> headers) {
  }

  /** Admits a call, by its effective method and its path below the mount path; fails with the refusal. */
  Future<Admitted> admit(ParseRequest request, String method, String path);
}
