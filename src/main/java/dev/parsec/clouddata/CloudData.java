package dev.parsec.clouddata;

import dev.parsec.access.Access;
import dev.parsec.access.CallerJson;
import dev.parsec.cloud.Data;
import dev.parsec.node.DataPath;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;

/** Makes the {@link Data} each cloud code request carries: the app's data as its caller, on the data event loop. */
public final class CloudData {

  private final Context context;
  private final DataPath path;

  CloudData(Context context, DataPath path) {
    this.context = context;
    this.path = path;
  }

  /** The data as this caller. */
  public Data as(Access access) {
    return new CallerData(context, path, access, null);
  }

  /** The data as the caller of a function or trigger call, as the API put it in the call ({@link CallerJson}). */
  public Data forCall(JsonObject call) {
    return as(CallerJson.from(call.getJsonObject(CallerJson.FIELD)));
  }

  /** The data as the master key. */
  public Data master() {
    return as(Access.MASTER);
  }
}
