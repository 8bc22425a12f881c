package dev.parsec.gateway;

import dev.parsec.config.GatewaySettings;
import dev.parsec.web.RequestIds;
import dev.parsec.web.RequestReader;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Set;

/**
 * The handlers every request passes first, on every node alike: its id, security headers, CORS (all
 * origins by default, as Parse Server allows) and the access log; and the transport (TLS with HTTP/2
 * by ALPN when a certificate is configured).
 */
public final class Gateway {

  private static final Set<String> PARSE_HEADERS = Set.of("X-Parse-Application-Id", "X-Parse-Session-Token",
      "X-Parse-REST-API-Key", "X-Parse-Javascript-Key", "X-Parse-Client-Key", "X-Parse-Master-Key",
      "X-Parse-Windows-Key", "X-Parse-Maintenance-Key",
      "X-Parse-Installation-Id", "X-Parse-Client-Version", "X-Parse-Request-Id", "X-Parse-Revocable-Session",
      "X-Requested-With", "X-Request-Id", "Idempotency-Key", "Content-Type", "Authorization", "Cache-Control");
  /**
   * Sent on every answer, with or without an Origin, as Parse Server sends it: the JS SDK reads the job and push
   * status ids (Parse.Cloud.startJob, Parse.Push.send) only from the headers this names, split on ", ".
   */
  private static final String EXPOSED = String.join(", ", "X-Parse-Job-Status-Id", "X-Parse-Push-Status-Id", "X-Request-Id",
      "RateLimit", "RateLimit-Policy", "Retry-After", "Location");

  private Gateway() {
  }

  public static void mount(Router router, GatewaySettings settings, RequestReader reader) {
    boolean tls = settings.tls().isPresent();
    router.route().handler(new RequestIds());
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("X-Frame-Options", "DENY")
          .putHeader("Referrer-Policy", "no-referrer")
          .putHeader("Access-Control-Expose-Headers", EXPOSED);
      if (tls) {
        ctx.response().putHeader("Strict-Transport-Security", "max-age=31536000");
      }
      ctx.next();
    });
    CorsHandler cors = CorsHandler.create()
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(PARSE_HEADERS)
        .maxAgeSeconds(86_400);
    settings.corsOrigins().forEach(cors::addOrigin);
    if (!settings.corsOrigins().contains("*")) {
      router.route().handler(new OriginCheck(settings.corsOrigins()));
    }
    router.route().handler(cors);
    if (settings.accessLog()) {
      router.route().handler(new AccessLog(reader::clientAddress));
    }
  }

  /** TLS from the configured certificate, with HTTP/2 offered by ALPN; nothing when none is configured. */
  public static HttpServerOptions transport(HttpServerOptions options, GatewaySettings settings) {
    settings.tls().ifPresent(tls -> {
      options.setSsl(true).setUseAlpn(true);
      if (tls.pkcs12().isPresent()) {
        options.setKeyCertOptions(new PfxOptions().setPath(tls.pkcs12().get().toString()).setPassword(tls.pkcs12Password().orElse(null)));
      } else {
        options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPem().orElseThrow().toString())
            .setKeyPath(tls.keyPem().orElseThrow().toString()));
      }
    });
    return options;
  }
}
