package dev.parsec.appconfig;

import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Reads and updates the one row of "_GlobalConfig". */
public final class ConfigStore {

  private final Pool pool;

  public ConfigStore(Pool pool) {
    this.pool = pool;
  }

  Future<GlobalConfig> read() {
    return pool.preparedQuery(ConfigSql.SELECT).execute().map(rows -> {
      if (rows.size() == 0) {
        return GlobalConfig.EMPTY;
      }
      Row row = rows.iterator().next();
      return new GlobalConfig(object(row.getValue("params")), object(row.getValue("masterKeyOnly")));
    });
  }

  /** Applies the update atomically; fails with code 111, writing nothing, if it would increment a param that is not a number. */
  Future<Void> apply(ConfigUpdate update) {
    Tuple args = Tuple.of(update.set(), update.removed().toArray(String[]::new), update.masterKeyOnly(), update.increments());
    return pool.preparedQuery(ConfigSql.UPDATE).execute(args).compose(rows -> rows.size() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(new ParseException(ParseException.INCORRECT_TYPE,
            "Cannot increment a config param that is not a number")));
  }

  private static JsonObject object(Object value) {
    return value instanceof JsonObject object ? object : new JsonObject();
  }
}
