package dev.parsec.push;

import dev.parsec.cache.ObjectCache;
import dev.parsec.config.ParsecConfig;
import dev.parsec.reads.Reads;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.web.ApiRoutes;
import dev.parsec.writes.ClassWriter;
import dev.parsec.writes.Writes;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/** The push feature of one API verticle: /installations, /push, /push_audiences and /classes/_PushStatus. */
public final class PushRoutes {

  /** The system classes push declares in code, not in _SCHEMA (the read path knows them by name). */
  public static final Map<String, ClassSchema> DECLARED = Map.of(PushApi.STATUS_CLASS, PushApi.STATUS_SCHEMA,
      AudiencesApi.CLASS, AudiencesApi.SCHEMA);

  private final ParsecConfig config;
  private final PushApi push;

  public PushRoutes(Vertx vertx, ParsecConfig config, Pool pool, SchemaStore schemas, ParseValues values) {
    this.config = config;
    this.push = new PushApi(vertx, config.push(), schemas, values, pool);
  }

  /** _Installation's part in the write path. */
  public static Map<String, ClassWriter> writers(ObjectCache cache) {
    return Map.of(InstallationsApi.CLASS, new InstallationWriter(cache));
  }

  /** Must come before the generic /classes routes, which would take /classes/_Installation. */
  public void addTo(ApiRoutes routes, Reads reads, Writes writes) {
    new InstallationsApi(reads, writes, config.serverUrl()).addTo(routes);
    AudiencesApi audiences = new AudiencesApi(reads, writes, config.serverUrl());
    audiences.addTo(routes);
    push.addTo(routes, audiences);
  }
}
