package dev.parsec.web;

import dev.parsec.access.Access;
import dev.parsec.access.CallKeys;
import dev.parsec.access.ClientAddress;
import dev.parsec.access.MasterKey;
import dev.parsec.config.ParsecConfig;
import dev.parsec.error.ParseException;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/**
 * The first handler of every API route: reads the Parse wire format (headers, or the JS SDK's JSON
 * body sent as text/plain), checks the application id, judges the keys ({@link CallKeys}: master, read-only
 * master, maintenance and client keys) and what the key may call ({@link Access#forCall}), and leaves a
 * {@link ParseRequest} in the routing context, its caller not yet identified.
 */
public final class RequestReader implements Handler<RoutingContext> {

  private final String appId;
  private final String mountPath;
  private final CallKeys keys;
  private final ClientAddress clientAddress;

  public RequestReader(ParsecConfig config, MasterKey masterKey, ClientAddress clientAddress) {
    this.appId = config.appId();
    this.mountPath = config.mountPath();
    this.keys = new CallKeys(masterKey, config.keys());
    this.clientAddress = clientAddress;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(ParseRequest.KEY, read(ctx, readBody(ctx.body().buffer())));
    ctx.next();
  }

  /**
   * The Parse request of a route that reads its own body (file uploads stream theirs): the keys from
   * the headers, or from the JS SDK's fields of the given JSON body, which are removed from it.
   *
   * @throws ParseException 403 for a wrong application id, the master key from a network not allowed, or no
   *     matching client key where one is required; 119 for the read-only master key on a write
   */
  public ParseRequest read(RoutingContext ctx, JsonObject body) {
    MultiMap headers = ctx.request().headers();
    BasicAuth basic = BasicAuth.of(headers.get("Authorization"), appId);
    String givenAppId = first(headers.get("X-Parse-Application-Id"), body.remove("_ApplicationId"));
    String givenMasterKey = first(headers.get("X-Parse-Master-Key"), body.remove("_MasterKey"));
    if (basic != null) {
      givenAppId = appId;
      givenMasterKey = basic.masterKey() != null ? basic.masterKey() : givenMasterKey;
    }
    String sessionToken = first(headers.get("X-Parse-Session-Token"), body.remove("_SessionToken"));
    String installationId = first(headers.get("X-Parse-Installation-Id"), body.remove("_InstallationId"));
    String clientVersion = first(headers.get("X-Parse-Client-Version"), body.remove("_ClientVersion"));
    Object methodOverride = body.remove("_method");
    CallKeys.Given given = new CallKeys.Given(givenMasterKey, headers.get("X-Parse-Maintenance-Key"),
        first(headers.get("X-Parse-Client-Key"), body.remove("_ClientKey")),
        first(basic != null && basic.javascriptKey() != null ? basic.javascriptKey() : headers.get("X-Parse-Javascript-Key"),
            body.remove("_JavaScriptKey")),
        headers.get("X-Parse-REST-API-Key"), headers.get("X-Parse-Windows-Key"));
    body.remove("_RevocableSession");
    body.remove("_ContentType");
    JsonObject context = context(headers.get("X-Parse-Cloud-Context"), body.remove("_context"));

    if (givenAppId == null || !givenAppId.equals(appId)) {
      throw ParseException.unauthorized();
    }
    String address = clientAddress(ctx);
    HttpMethod method = ctx.request().method();
    if (methodOverride != null && method == HttpMethod.POST) {
      method = HttpMethod.valueOf(String.valueOf(methodOverride).toUpperCase(Locale.ROOT));
    }
    String path = ctx.normalizedPath();
    Access access = Access.unidentified(keys.judge(given, address), address, sessionToken, installationId)
        .forCall(method.name(), path.startsWith(mountPath) ? path.substring(mountPath.length()) : path);
    JsonObject query = new JsonObject();
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      query.put(param.getKey(), param.getValue());
    }
    return new ParseRequest(method, access, clientVersion, body, query, Map.of(), null, null, headers, context);
  }

  /**
   * The cloud context a client sends for triggers (Parse Server's): the header X-Parse-Cloud-Context, or the JS
   * SDK's {@code _context} in the body (an object, or its JSON text); 107 when it is not a JSON object.
   */
  private static JsonObject context(String header, Object bodyValue) {
    Object given = header != null ? header : bodyValue;
    if (given == null) {
      return new JsonObject();
    }
    if (given instanceof JsonObject object) {
      return object;
    }
    if (given instanceof String text) {
      try {
        if (Json.decodeValue(text) instanceof JsonObject object) {
          return object;
        }
      } catch (DecodeException e) {
        // refused below
      }
    }
    throw new ParseException(ParseException.INVALID_JSON, "Invalid object for context.");
  }

  /** The address the request came from, through trusted proxies ({@link ClientAddress}). */
  public String clientAddress(RoutingContext ctx) {
    return clientAddress.of(ctx.request().remoteAddress().hostAddress(), ctx.request().headers().getAll("X-Forwarded-For"));
  }

  private static JsonObject readBody(Buffer buffer) {
    if (buffer == null || buffer.length() == 0) {
      return new JsonObject();
    }
    try {
      Object value = buffer.toJsonValue();
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      // fall through
    }
    throw new ParseException(ParseException.INVALID_JSON, "Invalid JSON");
  }

  private static String first(String header, Object bodyValue) {
    if (header != null) {
      return header;
    }
    return bodyValue == null ? null : String.valueOf(bodyValue);
  }
}
