package dev.parsec.users;

import dev.parsec.config.PasswordPolicy;
import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The password policy applied to every new password (signup, change, reset): Parse's error 142 with
 * a clear message, and nothing changed, when a password is too short, does not match the pattern,
 * contains the username, or is one of the user's last `history` passwords (checked against the
 * stored hashes on the hashing threads).
 */
final class PasswordRules {

  static final int VALIDATION_ERROR = ParseException.VALIDATION_ERROR;

  private final PasswordPolicy policy;
  private final PasswordHasher hasher;

  PasswordRules(PasswordPolicy policy, PasswordHasher hasher) {
    this.policy = policy;
    this.hasher = hasher;
  }

  /** The checks that need no stored password: length, pattern, username. */
  void check(String password, String username) {
    if (password.length() < policy.minLength() || policy.pattern().map(p -> !p.matcher(password).matches()).orElse(false)) {
      throw new ParseException(VALIDATION_ERROR, "Password does not meet the Password Policy requirements.");
    }
    if (policy.noUsername() && username != null && !username.isEmpty()
        && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
      throw new ParseException(VALIDATION_ERROR, "Password cannot contain your username.");
    }
  }

  /**
   * Checks a user's new password against the policy and the user's past passwords; answers the
   * password history to store with it (the hash it replaces first), or null when none is kept.
   */
  Future<JsonArray> approve(SqlClient db, String userId, String password, String newUsername) {
    return db.preparedQuery(UserSql.PASSWORD_STATE).execute(Tuple.of(userId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ParseException.objectNotFound());
      }
      Row user = rows.iterator().next();
      check(password, newUsername != null ? newUsername : user.getString("username"));
      if (policy.history() == 0) {
        return Future.succeededFuture(null);
      }
      List<String> past = new ArrayList<>();
      if (user.getString("_hashed_password") != null) {
        past.add(user.getString("_hashed_password"));
      }
      Object stored = user.getValue("_password_history");
      if (stored instanceof JsonArray history) {
        history.forEach(hash -> past.add(String.valueOf(hash)));
      }
      List<String> recent = past.subList(0, Math.min(past.size(), policy.history()));
      return notAmong(password, recent, 0).map(v -> new JsonArray(new ArrayList<>(recent.subList(0, Math.min(recent.size(), policy.history() - 1)))));
    });
  }

  private Future<Void> notAmong(String password, List<String> hashes, int index) {
    if (index == hashes.size()) {
      return Future.succeededFuture();
    }
    return hasher.check(password, hashes.get(index)).compose(check -> check.matches()
        ? Future.failedFuture(new ParseException(VALIDATION_ERROR,
            "New password should not be the same as last " + policy.history() + " passwords."))
        : notAmong(password, hashes, index + 1));
  }
}
