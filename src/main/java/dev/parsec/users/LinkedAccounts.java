package dev.parsec.users;

import dev.parsec.auth.AuthProviders;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Users' accounts with third parties (Parse's authData): checking a provider's part with the
 * provider, finding who holds a provider's id, and linking and unlinking. A part is an object with
 * the provider's id for the user (and its token); null unlinks the provider.
 */
final class LinkedAccounts {

  private final AuthProviders providers;

  LinkedAccounts(AuthProviders providers) {
    this.providers = providers;
  }

  /** Whether authData links at least one provider (rather than only unlinking). */
  static boolean links(JsonObject authData) {
    return authData != null && authData.stream().anyMatch(entry -> entry.getValue() != null);
  }

  /** The first provider linked, for the session's createdWith. */
  static String provider(JsonObject authData) {
    return authData.stream().filter(entry -> entry.getValue() != null).map(Map.Entry::getKey).findFirst().orElse(null);
  }

  /** Succeeds when every provider linked vouches for its part. */
  Future<Void> validate(JsonObject authData) {
    List<Future<Void>> checks = new ArrayList<>();
    authData.forEach(entry -> {
      if (entry.getValue() instanceof JsonObject part) {
        checks.add(providers.validate(entry.getKey(), part));
      }
    });
    return Future.all(checks).mapEmpty();
  }

  /**
   * The users holding any of the linked providers' ids. Only providers that validate passed reach
   * here, so their names may stand in the statement (as literals, which the indexes match).
   */
  Future<Set<String>> holders(SqlClient db, JsonObject authData) {
    StringBuilder sql = new StringBuilder("SELECT \"objectId\" FROM \"_User\" WHERE ");
    Tuple ids = Tuple.tuple();
    authData.forEach(entry -> {
      if (entry.getValue() instanceof JsonObject part && providers.supports(entry.getKey())) {
        sql.append(ids.size() == 0 ? "" : " OR ").append("(\"authData\" -> '").append(entry.getKey())
            .append("' ->> 'id') = $").append(ids.size() + 1);
        ids.addString(part.getString("id"));
      }
    });
    if (ids.size() == 0) {
      return Future.succeededFuture(Set.of());
    }
    return db.preparedQuery(sql.toString()).execute(ids).map(rows -> {
      Set<String> holders = new LinkedHashSet<>();
      for (Row row : rows) {
        holders.add(row.getString("objectId"));
      }
      return holders;
    });
  }

  /** Links the providers with a part, unlinks those set to null. */
  Future<Void> store(SqlClient db, String userId, JsonObject authData) {
    JsonObject linked = new JsonObject();
    List<String> unlinked = new ArrayList<>();
    authData.forEach(entry -> {
      if (entry.getValue() == null) {
        unlinked.add(entry.getKey());
      } else {
        linked.put(entry.getKey(), entry.getValue());
      }
    });
    return db.preparedQuery(UserSql.SET_AUTH_DATA).execute(Tuple.of(userId, linked, unlinked.toArray(String[]::new))).mapEmpty();
  }
}
