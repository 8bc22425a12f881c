package dev.parsec.push;

import dev.parsec.config.PushSettings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * The HTTP client both push services are reached through: HTTP/2 negotiated by ALPN over TLS, so one
 * connection per service carries many notifications at once, as APNs requires and FCM prefers.
 */
final class PushHttp {

  /** The answer to a request: its status, headers and whole body (services answer small JSON). */
  record Response(int status, MultiMap headers, Buffer body) {
  }

  private static final long CONNECT_TIMEOUT_MS = 10_000;
  private static final long IDLE_TIMEOUT_MS = 30_000;

  private final HttpClient client;

  PushHttp(Vertx vertx, PushSettings settings) {
    HttpClientOptions options = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setUseAlpn(true)
        .setHttp2ClearTextUpgrade(false)
        .setConnectTimeout((int) CONNECT_TIMEOUT_MS)
        .setKeepAlive(true);
    settings.caFile().ifPresent(path -> options.setTrustOptions(new PemTrustOptions().addCertPath(path)));
    this.client = vertx.httpClientBuilder().with(options).with(new PoolOptions().setHttp2MaxSize(1)).build();
  }

  Future<Response> post(String url, MultiMap headers, Buffer body) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setHeaders(headers)
        .setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(IDLE_TIMEOUT_MS);
    return client.request(request)
        .compose(sending -> sending.send(body))
        .compose(response -> response.body().map(bytes -> new Response(response.statusCode(), response.headers(), bytes)));
  }

  Future<Void> close() {
    return client.close();
  }
}
