package dev.parsec.gateway;

import dev.parsec.config.GatewaySettings;
import dev.parsec.config.RateLimitRule;
import dev.parsec.error.TooManyRequests;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.RequestReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies the rate limit rules to an API call once its caller is known: each matching rule counts
 * the call for its subject (client address, user or session) in the current window, shared by all
 * nodes, and a call over any limit is refused with 429, Retry-After and Parse Server's body. Every
 * answer carries the IETF RateLimit-Policy and RateLimit fields of its tightest rule. The master key
 * is exempt unless rate_limit_master.
 */
public final class RateLimiter {

  private final List<RateLimitRule> rules;
  private final boolean limitMaster;
  private final String mountPath;
  private final RequestReader reader;
  private final RateCounters counters;
  /** Each rule's refusals, by the rule's index. */
  private final List<Counter> refusals = new ArrayList<>();

  public RateLimiter(Vertx vertx, GatewaySettings settings, String mountPath, RequestReader reader, MeterRegistry meters) {
    this.rules = settings.rateLimits();
    rules.forEach(rule -> refusals.add(refusalCounter(meters, "api", rule.name())));
    this.limitMaster = settings.rateLimitMaster();
    this.mountPath = mountPath;
    this.reader = reader;
    this.counters = RateCounters.of(vertx);
  }

  /** The counter of the calls a rate limit refused: kind api (rate_limits) or function (a validator's rateLimit). */
  public static Counter refusalCounter(MeterRegistry meters, String kind, String rule) {
    return Counter.builder("parsec.ratelimit.refusals").description("calls refused with 429 by a rate limit, by its rule")
        .tag("kind", kind).tag("rule", rule).register(meters);
  }

  /** A counted call and what its rule allows. */
  private record Count(RateLimitRule rule, int index, long count, long resetMillis) {
    long remaining() {
      return Math.max(0, rule.limit() - count);
    }
  }

  /**
   * Counts an API call (its method and its path below the mount path) against the rules it matches: answers
   * the RateLimit headers its answer carries, or fails with 429 when over a limit. The same for a direct
   * call and for each of a batch's sub-requests.
   */
  public Future<Map<String, String>> admit(ParseRequest request, String method, String path) {
    if (request.master() && !limitMaster) {
      return Future.succeededFuture(Map.of());
    }
    return count(method, path, rule -> subject(rule, request));
  }

  /** {@link #admit} for a call whose answer takes the headers now (the file routes). */
  public Future<ParseRequest> admit(RoutingContext ctx, ParseRequest request) {
    return admit(request, request.method().name(), pathOf(ctx)).map(headers -> {
      headers.forEach(ctx.response()::putHeader);
      return request;
    });
  }

  /** The same for a call that names no caller (a file download): every rule counts it by client address. */
  public Future<Void> admitPublic(RoutingContext ctx) {
    return count(ctx.request().method().name(), pathOf(ctx), rule -> "ip:" + reader.clientAddress(ctx))
        .map(headers -> {
          headers.forEach(ctx.response()::putHeader);
          return null;
        });
  }

  private String pathOf(RoutingContext ctx) {
    return ctx.normalizedPath().substring(Math.min(mountPath.length(), ctx.normalizedPath().length()));
  }

  private Future<Map<String, String>> count(String method, String path, Function<RateLimitRule, String> subject) {
    if (rules.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    long now = System.currentTimeMillis();
    List<Future<Count>> counted = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      RateLimitRule rule = rules.get(i);
      if (!rule.matches(method, path)) {
        continue;
      }
      long window = rule.window().toMillis();
      long index = now / window;
      int number = i;
      String key = rule.name() + "|" + subject.apply(rule) + "|" + index;
      counted.add(counters.increment(key, window, rule.limit()).map(count -> new Count(rule, number, count, (index + 1) * window - now)));
    }
    if (counted.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return Future.all(counted).map(done -> {
      Count tightest = null;
      Count over = null;
      for (Future<Count> future : counted) {
        Count count = future.result();
        if (over == null && count.count() > count.rule().limit()) {
          over = count;
        }
        if (tightest == null || count.remaining() < tightest.remaining()) {
          tightest = count;
        }
      }
      long resetSeconds = Math.max(1, (tightest.resetMillis() + 999) / 1000);
      String name = "\"r" + (tightest.index() + 1) + "\"";
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("RateLimit-Policy", name + ";q=" + tightest.rule().limit() + ";w=" + Math.max(1, tightest.rule().window().toSeconds()));
      headers.put("RateLimit", name + ";r=" + tightest.remaining() + ";t=" + resetSeconds);
      if (over != null) {
        refusals.get(over.index()).increment();
        headers.put("Retry-After", String.valueOf(resetSeconds));
        throw new TooManyRequests(headers);
      }
      return headers;
    });
  }

  private static String subject(RateLimitRule rule, ParseRequest request) {
    String address = "ip:" + request.access().address();
    return switch (rule.key()) {
      case USER -> request.userId() != null ? "user:" + request.userId() : address;
      // the token is a secret: the shared map keeps a digest of it
      case SESSION -> request.sessionToken() != null ? "session:" + digest(request.sessionToken()) : address;
      default -> address;
    };
  }

  private static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
