package dev.parsec.files;

import dev.parsec.error.ParseException;
import dev.parsec.gateway.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * GET and HEAD /files/:appId/:name: streamed from the store with the headers a CDN caches by (names
 * never change, so the file is immutable), answering conditional requests with 304 and a single
 * Range with 206. Open to anyone with the URL, as in Parse Server. Every answer for a file forbids
 * sniffing, forbids scripts (a file is never a page of Parsec's origin) and, unless the type is one a
 * browser shows without running anything, makes the browser save the file rather than open it.
 */
final class FileDownloads implements Handler<RoutingContext> {

  private static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
  /** Nothing loads, nothing runs, and the document gets an opaque origin: no cookies, no storage, no forms. */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

  private final FileStore store;
  private final String appId;
  private final RateLimiter limiter;

  FileDownloads(FileStore store, String appId, RateLimiter limiter) {
    this.store = store;
    this.appId = appId;
    this.limiter = limiter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (!appId.equals(ctx.pathParam("appId"))) {
      ctx.fail(new ParseException(ParseException.OPERATION_FORBIDDEN, "Invalid application ID.", 403));
      return;
    }
    String name = ctx.pathParam("name");
    if (!FileNames.isStored(name)) {
      notFound(response);
      return;
    }
    limiter.admitPublic(ctx).compose(admitted -> store.stat(name)).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
      } else if (found.result() == null) {
        notFound(response);
      } else {
        send(ctx, found.result());
      }
    });
  }

  private void send(RoutingContext ctx, FileInfo file) {
    HttpServerResponse response = ctx.response();
    String etag = "\"" + file.etag() + "\"";
    Instant modified = file.lastModified().truncatedTo(ChronoUnit.SECONDS);
    ServedType served = ServedType.of(file.contentType());
    response.putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC)))
        .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
        .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    // on a 304 too: a cache updates the headers it holds from a 304's (RFC 9111 4.3.4)
    putSafetyHeaders(response, file, served);
    if (notModified(ctx, etag, modified)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, served.contentType())
        // the stored bytes as they are: a compressed body would break ranges and Content-Length
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    ByteRange.Result asked = ByteRange.of(ctx.request().getHeader("Range"), file.size());
    if (asked.unsatisfiable()) {
      response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + file.size()).end();
      return;
    }
    if (asked.ranges() != null && asked.ranges().size() > 1) {
      sendParts(ctx, file, served, asked.ranges());
      return;
    }
    ByteRange range = asked.ranges() == null ? new ByteRange(0, file.size() - 1) : asked.ranges().get(0);
    if (asked.ranges() != null) {
      response.setStatusCode(206)
          .putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range.start() + "-" + range.end() + "/" + file.size());
    }
    response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(range.length()));
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.end();
      return;
    }
    Optional<String> local = store.localPath(file);
    if (local.isPresent()) {
      failWith(ctx, response.sendFile(local.get(), range.start(), range.length()));
      return;
    }
    failWith(ctx, store.read(file, range.start(), range.length()).compose(bytes -> bytes.pipeTo(response)));
  }

  /**
   * Several ranges: 206 with a multipart/byteranges body, each part's bytes streamed from the store
   * after its own headers, one part after the other.
   */
  private void sendParts(RoutingContext ctx, FileInfo file, ServedType served, List<ByteRange> ranges) {
    HttpServerResponse response = ctx.response();
    String boundary = UUID.randomUUID().toString().replace("-", "");
    List<Buffer> heads = new ArrayList<>();
    long length = 0;
    for (ByteRange range : ranges) {
      Buffer head = Buffer.buffer("\r\n--" + boundary + "\r\nContent-Type: " + served.contentType()
          + "\r\nContent-Range: bytes " + range.start() + "-" + range.end() + "/" + file.size() + "\r\n\r\n");
      heads.add(head);
      length += head.length() + range.length();
    }
    Buffer close = Buffer.buffer("\r\n--" + boundary + "--\r\n");
    length += close.length();
    response.setStatusCode(206)
        .putHeader(HttpHeaders.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary)
        .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(length));
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.end();
      return;
    }
    Future<Void> sent = Future.succeededFuture();
    for (int i = 0; i < ranges.size(); i++) {
      ByteRange range = ranges.get(i);
      Buffer head = heads.get(i);
      sent = sent.compose(v -> response.write(head))
          .compose(v -> store.read(file, range.start(), range.length()))
          .compose(bytes -> bytes.pipe().endOnSuccess(false).to(response));
    }
    failWith(ctx, sent.compose(v -> response.end(close)));
  }

  private static void putSafetyHeaders(HttpServerResponse response, FileInfo file, ServedType served) {
    response.putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    if (!served.inline()) {
      response.putHeader("Content-Disposition", ContentDisposition.attachment(file.name()));
    }
  }

  private static void failWith(RoutingContext ctx, Future<Void> sending) {
    HttpServerResponse response = ctx.response();
    sending.onFailure(failure -> {
      if (response.headWritten()) {
        // the status is gone: cutting the connection is the only way to tell the client
        ctx.request().connection().close();
      } else {
        ctx.fail(failure);
      }
    });
  }

  private static boolean notModified(RoutingContext ctx, String etag, Instant modified) {
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.trim();
        if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
          return true;
        }
      }
      return false;
    }
    String ifModifiedSince = ctx.request().getHeader(HttpHeaders.IF_MODIFIED_SINCE);
    if (ifModifiedSince != null) {
      try {
        Instant since = DateTimeFormatter.RFC_1123_DATE_TIME.parse(ifModifiedSince.trim(), Instant::from);
        return !modified.isAfter(since);
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    return false;
  }

  /** What Parse Server answers for a file it does not have. */
  private static void notFound(HttpServerResponse response) {
    response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("File not found.");
  }
}
