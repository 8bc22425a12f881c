package dev.parsec.files.s3;

import dev.parsec.config.S3Settings;
import dev.parsec.files.FileInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The four object requests the file store needs (PUT, HEAD, ranged GET, DELETE) against one bucket
 * of an S3-compatible service, signed with Signature Version 4. Bodies stream both ways.
 */
final class S3Bucket {

  private static final long CONNECT_TIMEOUT_MS = 10_000;
  private static final long IDLE_TIMEOUT_MS = 30_000;
  private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");

  private final HttpClient client;
  private final SigV4 signer;
  private final S3Settings settings;
  private final boolean tls;
  private final int port;

  S3Bucket(Vertx vertx, S3Settings settings) {
    this.settings = settings;
    this.signer = new SigV4(settings.accessKey(), settings.secretKey(), settings.region());
    this.tls = "https".equals(settings.endpoint().getScheme());
    int given = settings.endpoint().getPort();
    this.port = given > 0 ? given : tls ? 443 : 80;
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setSsl(tls).setConnectTimeout((int) CONNECT_TIMEOUT_MS).setKeepAlive(true))
        .with(new PoolOptions().setHttp1MaxSize(256))
        .build();
  }

  /** Stores length bytes from body under key; answers the object's ETag. A body that fails aborts the upload. */
  Future<String> put(String key, String contentType, long length, ReadStream<Buffer> body) {
    return open(HttpMethod.PUT, key, Map.of(), SigV4.UNSIGNED_PAYLOAD).compose(request -> {
      request.putHeader(HttpHeaders.CONTENT_TYPE, contentType)
          .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
      // the answer's body is read as soon as it comes: S3 may answer before the pipe below has settled, and
      // an answer nobody reads ends unseen (its end() then throws)
      Future<HttpClientResponse> answered = request.response()
          .compose(response -> response.body().map(read -> response));
      return body.pipe().endOnFailure(false).to(request)
          .recover(failure -> {
            // resetting the stream makes S3 drop what it received: no object is written
            request.reset(0, failure);
            return Future.failedFuture(failure);
          })
          .compose(sent -> answered)
          .compose(response -> expect(response, "PUT", key, 200))
          .map(S3Bucket::etag);
    });
  }

  /** The object's metadata, or null when the bucket has no such key. */
  Future<FileInfo> head(String key, String name) {
    return open(HttpMethod.HEAD, key, Map.of(), SigV4.EMPTY_SHA256)
        .compose(HttpClientRequest::send)
        .compose(response -> response.statusCode() == 404
            ? response.end().map(v -> (FileInfo) null)
            : expect(response, "HEAD", key, 200).compose(ok -> ok.end().map(v -> new FileInfo(name,
                ok.getHeader(HttpHeaders.CONTENT_TYPE),
                Long.parseLong(ok.getHeader(HttpHeaders.CONTENT_LENGTH)),
                etag(ok),
                ZonedDateTime.parse(ok.getHeader(HttpHeaders.LAST_MODIFIED), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()))));
  }

  /** Bytes start to start + length - 1 of the object, paused until the caller pipes them. */
  Future<ReadStream<Buffer>> get(String key, long start, long length, long size) {
    boolean whole = start == 0 && length == size;
    Map<String, String> range = whole ? Map.of() : Map.of("Range", "bytes=" + start + "-" + (start + length - 1));
    return open(HttpMethod.GET, key, range, SigV4.EMPTY_SHA256)
        .compose(HttpClientRequest::send)
        .compose(response -> {
          response.pause();
          return expect(response, "GET", key, whole ? 200 : 206);
        })
        .map(response -> (ReadStream<Buffer>) response);
  }

  /** Deletes the object; S3 answers the same whether or not it existed. */
  Future<Void> delete(String key) {
    return open(HttpMethod.DELETE, key, Map.of(), SigV4.EMPTY_SHA256)
        .compose(HttpClientRequest::send)
        .compose(response -> expect(response, "DELETE", key, 204))
        .compose(HttpClientResponse::end);
  }

  Future<Void> close() {
    return client.close();
  }

  private Future<HttpClientRequest> open(HttpMethod method, String key, Map<String, String> headers, String payloadHash) {
    String endpointHost = settings.endpoint().getHost();
    String host = settings.pathStyle() ? endpointHost : settings.bucket() + "." + endpointHost;
    String hostHeader = port == (tls ? 443 : 80) ? host : host + ":" + port;
    String encodedKey = Arrays.stream(key.split("/", -1)).map(SigV4::encode).collect(Collectors.joining("/"));
    String path = settings.pathStyle() ? "/" + settings.bucket() + "/" + encodedKey : "/" + encodedKey;
    Map<String, String> signed = new HashMap<>(headers);
    signed.put("Host", hostHeader);
    RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setSsl(tls).setURI(path)
        .setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(IDLE_TIMEOUT_MS);
    signed.forEach(options::putHeader);
    signer.sign(method.name(), path, Map.of(), signed, payloadHash, Instant.now()).forEach(options::putHeader);
    return client.request(options);
  }

  /**
   * The response when its status is the one expected; otherwise a failure naming S3's error code,
   * read from the (small) XML body. Keys, signatures and secrets are not in it.
   */
  private static Future<HttpClientResponse> expect(HttpClientResponse response, String method, String key, int status) {
    if (response.statusCode() == status) {
      return Future.succeededFuture(response);
    }
    response.resume();
    return response.body().recover(failure -> Future.succeededFuture(Buffer.buffer())).compose(body -> {
      Matcher code = ERROR_CODE.matcher(body.toString());
      return Future.failedFuture(new S3Failure(method + " " + key + " answered " + response.statusCode()
          + (code.find() ? " " + code.group(1) : "")));
    });
  }

  private static String etag(HttpClientResponse response) {
    String etag = response.getHeader(HttpHeaders.ETAG);
    return etag == null ? null : etag.replace("\"", "");
  }
}
