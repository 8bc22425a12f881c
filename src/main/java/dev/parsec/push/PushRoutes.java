package dev.parsec.push;

import dev.parsec.cloud.Triggers;
import dev.parsec.config.ParsecConfig;
import dev.parsec.objects.ObjectStore;
import dev.parsec.reads.Reads;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.web.ApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/** The push feature of one API verticle: /installations, /push and /classes/_PushStatus. */
public final class PushRoutes {

  /** The system classes push declares in code, not in _SCHEMA (the read path knows them by name). */
  public static final Map<String, ClassSchema> DECLARED = Map.of(PushApi.STATUS_CLASS, PushApi.STATUS_SCHEMA);

  private final InstallationsApi installations;
  private final PushApi push;

  public PushRoutes(Vertx vertx, ParsecConfig config, Pool pool, SchemaStore schemas, ParseValues values, Triggers triggers,
                    Reads reads) {
    ObjectStore store = new ObjectStore(pool, values);
    this.installations = new InstallationsApi(schemas, store, reads, pool, config.serverUrl(), triggers);
    this.push = new PushApi(vertx, config.push(), schemas, store, values, pool);
  }

  /** Must come before the generic /classes routes, which would take /classes/_Installation. */
  public void addTo(ApiRoutes routes) {
    installations.addTo(routes);
    push.addTo(routes);
  }
}
