package dev.parsec.files;

import dev.parsec.error.ParseException;
import dev.parsec.gateway.RateLimiter;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.RequestReader;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.function.Function;

/**
 * POST /files/:filename. Two forms: the raw bytes with their Content-Type and the keys in headers,
 * streamed to the store as they arrive; or, without an application id header, the JS SDK's JSON
 * body (sent as text/plain) holding the keys, _ContentType and the file as base64, which is read whole.
 */
final class FileUploads implements Handler<RoutingContext> {

  /** What an upload is once its form is read: who sends it, what it is, and its bytes. */
  private record Upload(ParseRequest request, String contentType, ReadStream<Buffer> bytes, long length) {
  }

  private static final long DRAIN_MILLIS = 10_000;

  private final FileService files;
  private final RequestReader reader;
  private final Function<ParseRequest, Future<ParseRequest>> identify;
  private final RateLimiter limiter;
  private final long maxSize;

  FileUploads(FileService files, RequestReader reader, Function<ParseRequest, Future<ParseRequest>> identify,
              RateLimiter limiter, long maxSize) {
    this.files = files;
    this.limiter = limiter;
    this.reader = reader;
    this.identify = identify;
    this.maxSize = maxSize;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest http = ctx.request();
    http.pause();
    String fileName = ctx.pathParam("filename");
    boolean sdkForm = http.getHeader("X-Parse-Application-Id") == null;
    // base64 is 4/3 of the bytes; the JSON around them is small
    long limit = sdkForm ? maxSize / 3 * 4 + 64 * 1024 : maxSize;
    Future<Upload> form;
    if (declaredLength(http) > limit) {
      form = Future.failedFuture(new FileTooLarge(maxSize));
    } else if (sdkForm) {
      form = readWhole(http, limit).map(body -> sdkUpload(ctx, body));
    } else {
      // several Content-Type fields make a list, as a proxy joining them would, which is refused
      String contentType = http.headers().contains(HttpHeaders.CONTENT_TYPE)
          ? String.join(",", http.headers().getAll(HttpHeaders.CONTENT_TYPE)) : null;
      form = Future.succeededFuture().map(v -> new Upload(reader.read(ctx, new JsonObject()), contentType, http,
          declaredLength(http)));
    }
    form.compose(upload -> identify.apply(upload.request()).compose(caller -> limiter.admit(ctx, caller))
        .compose(request -> files.save(request, fileName, upload.contentType(), upload.bytes(), upload.length()))).onComplete(saved -> {
      if (saved.succeeded()) {
        String url = files.url(saved.result().name());
        ctx.response().setStatusCode(201)
            .putHeader(HttpHeaders.LOCATION, url)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
            .end(new JsonObject().put("name", saved.result().name()).put("url", url).toBuffer());
      } else {
        refuse(ctx, saved.cause());
      }
    });
  }

  private Upload sdkUpload(RoutingContext ctx, Buffer whole) {
    JsonObject body;
    try {
      body = whole.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new ParseException(ParseException.INVALID_JSON, "Invalid JSON");
    }
    Object contentType = body.remove("_ContentType");
    Object base64 = body.remove("base64");
    ParseRequest request = reader.read(ctx, body);
    if (!(base64 instanceof String text)) {
      throw new ParseException(ParseException.FILE_SAVE_ERROR, "Invalid file upload.");
    }
    Buffer bytes;
    try {
      bytes = Buffer.buffer(Base64.getMimeDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw new ParseException(ParseException.FILE_SAVE_ERROR, "Invalid file upload.");
    }
    if (contentType != null && !(contentType instanceof String)) {
      throw new ParseException(ParseException.FILE_SAVE_ERROR, "Invalid content type.");
    }
    return new Upload(request, (String) contentType,
        new BufferStream(ctx.vertx().getOrCreateContext(), bytes), bytes.length());
  }

  private static long declaredLength(HttpServerRequest http) {
    try {
      String length = http.getHeader(HttpHeaders.CONTENT_LENGTH);
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Future<Buffer> readWhole(HttpServerRequest http, long limit) {
    Promise<Buffer> read = Promise.promise();
    Buffer whole = Buffer.buffer();
    http.handler(chunk -> {
      if (whole.length() + chunk.length() > limit) {
        http.pause();
        read.tryFail(new FileTooLarge(limit));
      } else {
        whole.appendBuffer(chunk);
      }
    });
    http.exceptionHandler(read::tryFail);
    http.endHandler(v -> read.tryComplete(whole));
    http.resume();
    return read.future();
  }

  /**
   * Answers a refused upload. A body still arriving is read and dropped, so that the client reads the
   * answer (closing at once would reset the connection and lose it); one still arriving after
   * DRAIN_MILLIS (a huge upload refused as too large) is cut by closing the connection.
   */
  private static void refuse(RoutingContext ctx, Throwable failure) {
    HttpServerRequest http = ctx.request();
    if (!http.isEnded()) {
      long timer = ctx.vertx().setTimer(DRAIN_MILLIS, t -> http.connection().close());
      http.handler(ignored -> { });
      http.exceptionHandler(ignored -> { });
      http.endHandler(v -> ctx.vertx().cancelTimer(timer));
      http.resume();
    }
    ctx.fail(failure);
  }
}
