package dev.parsec.push;

import dev.parsec.cloud.Triggers;
import dev.parsec.config.ParsecConfig;
import dev.parsec.objects.ObjectStore;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.web.ApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** The push feature of one API verticle: /installations, /push and /classes/_PushStatus. */
public final class PushRoutes {

  private final InstallationsApi installations;
  private final PushApi push;

  public PushRoutes(Vertx vertx, ParsecConfig config, Pool pool, SchemaStore schemas, ParseValues values, Triggers triggers) {
    ObjectStore store = new ObjectStore(pool, values);
    this.installations = new InstallationsApi(schemas, store, values, pool, config.serverUrl(), triggers);
    this.push = new PushApi(vertx, config.push(), schemas, store, values, pool);
  }

  /** Must come before the generic /classes routes, which would take /classes/_Installation. */
  public void addTo(ApiRoutes routes) {
    installations.addTo(routes);
    push.addTo(routes);
  }
}
