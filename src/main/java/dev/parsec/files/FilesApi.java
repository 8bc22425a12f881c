package dev.parsec.files;

import dev.parsec.config.ParsecConfig;
import dev.parsec.error.ParseException;
import dev.parsec.gateway.RateLimiter;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.PrefixRouter;
import dev.parsec.web.RequestReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The /files routes. They read their own bodies (uploads stream), so they are mounted on the router
 * before the JSON API routes and their body handler; failures reach the API's error responder.
 */
public final class FilesApi {

  private final FileService files;
  private final RequestReader reader;
  private final RateLimiter limiter;

  private FilesApi(FileService files, RequestReader reader, RateLimiter limiter) {
    this.files = files;
    this.reader = reader;
    this.limiter = limiter;
  }

  /**
   * Mounts the routes.
   *
   * @param files saves and deletes files with the upload rules and the file triggers
   * @param identify resolves the caller's user and roles, as for the other API routes
   * @param limiter the rate limits, which count file calls as they count the others
   */
  public static void mount(Vertx vertx, Router router, ParsecConfig config, FileService service, RequestReader reader,
                           Function<ParseRequest, Future<ParseRequest>> identify, RateLimiter limiter) {
    String files = config.mountPath() + "/files";
    FilesApi api = new FilesApi(service, reader, limiter);
    FileDownloads downloads = new FileDownloads(service.store(), config.appId(), limiter);
    PrefixRouter named = new PrefixRouter(vertx, router, files);
    named.route(HttpMethod.GET, "/:appId/metadata/:name").handler(FilesApi::metadata);
    named.route(HttpMethod.GET, "/:appId/:name").handler(downloads);
    named.route(HttpMethod.HEAD, "/:appId/:name").handler(downloads);
    named.route(HttpMethod.POST, "/:filename").handler(new FileUploads(service, reader, identify, limiter, config.files().maxSize()));
    named.route(HttpMethod.DELETE, "/:filename").handler(api::delete);
    router.post(files).handler(ctx -> ctx.fail(new ParseException(ParseException.INVALID_FILE_NAME, "Filename not provided.")));
  }

  /**
   * GET /files/:appId/metadata/:name, which Parse Server answers from its files adapter, with 200 {} for a
   * file it keeps no metadata of (its disk and S3 adapters keep none) or for any failure. Parsec stores no
   * metadata or tags with files, so it answers {} for every name, with no key needed, as Parse Server does.
   */
  private static void metadata(RoutingContext ctx) {
    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8").end("{}");
  }

  /** DELETE /files/:filename, with the master key only; 200 with an empty body, as Parse Server answers. */
  private void delete(RoutingContext ctx) {
    ParseRequest request;
    try {
      request = reader.read(ctx, new JsonObject());
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    if (!request.master()) {
      ctx.fail(ParseException.masterKeyRequired());
      return;
    }
    String name = ctx.pathParam("filename");
    ParseRequest caller = request;
    Future<Void> deleted = FileNames.isStored(name) ? limiter.admit(ctx, caller).compose(admitted -> files.delete(caller, name))
        : files.delete(caller, name);
    deleted.onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else {
        ctx.response().setStatusCode(200).end();
      }
    });
  }
}
