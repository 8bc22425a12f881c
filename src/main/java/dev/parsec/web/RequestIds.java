package dev.parsec.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the client's or load balancer's X-Request-Id when it is a sane token,
 * else a new one; answered in X-Request-Id and written in the access log and in error logs about it.
 */
public final class RequestIds implements Handler<RoutingContext> {

  public static final String KEY = "parsec.requestId";
  private static final String HEADER = "X-Request-Id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : newId();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  /**
   * A random (version 4) UUID. The id only tells requests apart in logs, so it comes from ThreadLocalRandom:
   * UUID.randomUUID reads SecureRandom under a lock, the top single method of a create's profile.
   */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(3L << 62) | (1L << 63)).toString();
  }

  /** The id of the request being answered, or "-" outside one. */
  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
