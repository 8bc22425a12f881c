package dev.parsec.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose X-Parse-Application-Id header names another app before its body is read,
 * with the 403 the Parse request reader would give after reading it. A request without the header
 * (the JS SDK sends its keys in a text/plain JSON body) goes on: its body is read, within
 * max_body_size, and checked then. File downloads are left alone: their URL names the app.
 */
public final class AppIdCheck implements Handler<RoutingContext> {

  private static final String UNAUTHORIZED = "{\"error\":\"unauthorized\"}";

  private final String appId;
  private final String api;
  private final String downloads;

  /** For the routes under mountPath; GET and HEAD under mountPath/files/ are downloads. */
  public AppIdCheck(String appId, String mountPath) {
    this.appId = appId;
    this.api = mountPath + "/";
    this.downloads = mountPath + "/files/";
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String given = request.getHeader("X-Parse-Application-Id");
    if (given == null || given.equals(appId) || !ctx.normalizedPath().startsWith(api) || isDownload(request, ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    boolean bodyFollows = bodyMayFollow(request);
    boolean http2 = request.version() == HttpVersion.HTTP_2;
    if (bodyFollows && !http2) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    ctx.response().setStatusCode(403)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(UNAUTHORIZED)
        .onComplete(sent -> {
          if (!bodyFollows) {
            return;
          }
          // the body stays unread: an HTTP/1.x connection cannot carry another request after it; an
          // HTTP/2 stream is told to stop sending (a reset with NO_ERROR after a complete answer, RFC 9113 8.1)
          if (http2) {
            ctx.response().reset(0);
          } else {
            request.connection().close();
          }
        });
  }

  private boolean isDownload(HttpServerRequest request, String path) {
    return (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) && path.startsWith(downloads);
  }

  private static boolean bodyMayFollow(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      return !request.isEnded();
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.trim().equals("0"));
  }
}
