package dev.parsec.web;

import dev.parsec.config.Cidr;
import dev.parsec.config.ParsecConfig;
import dev.parsec.error.ParseException;
import dev.parsec.error.Unauthorized;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * The first handler of every API route: reads the Parse wire format (headers, or the JS SDK's JSON
 * body sent as text/plain), checks the application id and the master key, and leaves a
 * {@link ParseRequest} in the routing context.
 */
public final class RequestReader implements Handler<RoutingContext> {

  private final String appId;
  private final byte[] masterKey;
  private final List<Cidr> masterKeyIps;
  private final List<Cidr> trustedProxies;

  public RequestReader(ParsecConfig config) {
    this.appId = config.appId();
    this.masterKey = config.masterKey().orElseThrow().getBytes(StandardCharsets.UTF_8);
    this.masterKeyIps = config.masterKeyIps();
    this.trustedProxies = config.trustedProxies();
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
   * @throws Unauthorized for a wrong application id, or the master key from a network not allowed
   */
  public ParseRequest read(RoutingContext ctx, JsonObject body) {
    MultiMap headers = ctx.request().headers();
    String givenAppId = first(headers.get("X-Parse-Application-Id"), body.remove("_ApplicationId"));
    String givenMasterKey = first(headers.get("X-Parse-Master-Key"), body.remove("_MasterKey"));
    String sessionToken = first(headers.get("X-Parse-Session-Token"), body.remove("_SessionToken"));
    String installationId = first(headers.get("X-Parse-Installation-Id"), body.remove("_InstallationId"));
    String clientVersion = first(headers.get("X-Parse-Client-Version"), body.remove("_ClientVersion"));
    Object methodOverride = body.remove("_method");
    // client keys are not required by Parsec (as in Parse Server when none is configured)
    body.remove("_JavaScriptKey");
    body.remove("_ClientKey");
    body.remove("_RevocableSession");
    body.remove("_ContentType");
    body.remove("_context");

    if (givenAppId == null || !givenAppId.equals(appId)) {
      throw new Unauthorized("unauthorized");
    }
    boolean master = givenMasterKey != null
        && MessageDigest.isEqual(masterKey, givenMasterKey.getBytes(StandardCharsets.UTF_8));
    if (master && !fromAllowedNetwork(ctx)) {
      throw new Unauthorized("unauthorized");
    }
    HttpMethod method = ctx.request().method();
    if (methodOverride != null && method == HttpMethod.POST) {
      method = HttpMethod.valueOf(String.valueOf(methodOverride).toUpperCase(java.util.Locale.ROOT));
    }
    JsonObject query = new JsonObject();
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      query.put(param.getKey(), param.getValue());
    }
    return new ParseRequest(method, master, sessionToken, installationId, clientVersion, body, query, Map.of(), null, null, List.of(), null);
  }

  private boolean fromAllowedNetwork(RoutingContext ctx) {
    String address = clientAddress(ctx);
    for (Cidr range : masterKeyIps) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The address the request came from. Behind trusted proxies (a load balancer on this machine, by
   * default) the connection's address is the proxy's: the client is then the last address in
   * X-Forwarded-For that is not a trusted proxy. Entries a client wrote itself stand to the left of
   * those its proxies appended, so they are never reached.
   */
  public String clientAddress(RoutingContext ctx) {
    String address = ctx.request().remoteAddress().hostAddress();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null || !trusted(address)) {
      return address;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      address = hops[i].trim();
      if (!trusted(address)) {
        return address;
      }
    }
    return address;
  }

  private boolean trusted(String address) {
    for (Cidr range : trustedProxies) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
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
