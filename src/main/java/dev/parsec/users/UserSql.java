package dev.parsec.users;

/** Every SQL statement about users and sessions that is not an ordinary object read or write. */
final class UserSql {

  /** Who already holds a username or an email, compared case-insensitively, other than the user $3. */
  static final String TAKEN = "SELECT lower(\"username\") = lower($1) AS username_taken, lower(\"email\") = lower($2) AS email_taken"
      + " FROM \"_User\" WHERE (lower(\"username\") = lower($1) OR lower(\"email\") = lower($2))"
      + " AND \"objectId\" IS DISTINCT FROM $3 LIMIT 2";
  /** The users a login name could be: by username or by email, found case-insensitively through the unique indexes. */
  static final String LOGIN_CANDIDATES = "SELECT \"objectId\", \"username\", \"email\", \"emailVerified\", \"_hashed_password\", \"_rperm\", \"_wperm\","
      + " \"_account_lockout_expires_at\" > now() AS \"locked\""
      + " FROM \"_User\" WHERE lower(\"username\") = lower($1) OR lower(\"email\") = lower($2)";
  /** One more failed login; the account locks for $3 seconds once $2 failures are reached. */
  static final String LOGIN_FAILED = "UPDATE \"_User\" SET \"_failed_login_count\" = COALESCE(\"_failed_login_count\", 0) + 1,"
      + " \"_account_lockout_expires_at\" = CASE WHEN COALESCE(\"_failed_login_count\", 0) + 1 >= $2"
      + " THEN now() + make_interval(secs => $3) ELSE \"_account_lockout_expires_at\" END WHERE \"objectId\" = $1";
  static final String LOGIN_SUCCEEDED = "UPDATE \"_User\" SET \"_failed_login_count\" = 0, \"_account_lockout_expires_at\" = NULL"
      + " WHERE \"objectId\" = $1 AND (\"_failed_login_count\" > 0 OR \"_account_lockout_expires_at\" IS NOT NULL)";
  /** A new password hash, with the history of hashes it joins ($3, NULL when no history is kept). */
  static final String SET_PASSWORD = "UPDATE \"_User\" SET \"_hashed_password\" = $2, \"_password_history\" = $3,"
      + " \"_password_changed_at\" = now() WHERE \"objectId\" = $1";
  static final String PASSWORD_STATE = "SELECT \"username\", \"_hashed_password\", \"_password_history\" FROM \"_User\" WHERE \"objectId\" = $1";
  static final String USER_BY_EMAIL = "SELECT \"objectId\", \"email\", \"emailVerified\" FROM \"_User\" WHERE lower(\"email\") = lower($1)";
  static final String SET_VERIFY_TOKEN = "UPDATE \"_User\" SET \"emailVerified\" = false, \"_email_verify_token\" = $2,"
      + " \"_email_verify_token_expires_at\" = now() + make_interval(secs => $3) WHERE \"objectId\" = $1";
  /** Marks the email of the token's user verified, once: the token is cleared. */
  static final String VERIFY_EMAIL = "UPDATE \"_User\" SET \"emailVerified\" = true, \"_email_verify_token\" = NULL,"
      + " \"_email_verify_token_expires_at\" = NULL WHERE \"_email_verify_token\" = $1 AND \"_email_verify_token_expires_at\" > now()"
      + " RETURNING \"objectId\", \"username\"";
  /** Whose verification token this is, expired or not (an expired link's page offers that user a new one). */
  static final String VERIFY_TOKEN_HOLDER = "SELECT \"username\" FROM \"_User\" WHERE \"_email_verify_token\" = $1";
  static final String USER_BY_USERNAME = "SELECT \"objectId\", \"email\", \"emailVerified\" FROM \"_User\" WHERE \"username\" = $1";
  static final String SET_RESET_TOKEN = "UPDATE \"_User\" SET \"_perishable_token\" = $2,"
      + " \"_perishable_token_expires_at\" = now() + make_interval(secs => $3) WHERE \"objectId\" = $1";
  static final String RESET_TARGET = "SELECT \"objectId\", \"username\" FROM \"_User\" WHERE \"_perishable_token\" = $1"
      + " AND \"_perishable_token_expires_at\" > now()";
  /** Spends a reset token: only one reset per token, even when two arrive at once. */
  static final String SPEND_RESET_TOKEN = "UPDATE \"_User\" SET \"_perishable_token\" = NULL, \"_perishable_token_expires_at\" = NULL"
      + " WHERE \"objectId\" = $1 AND \"_perishable_token\" = $2";
  /** Replaces an outdated hash, unless the password changed meanwhile. */
  static final String REHASH = "UPDATE \"_User\" SET \"_hashed_password\" = $3 WHERE \"objectId\" = $1 AND \"_hashed_password\" = $2";
  static final String SET_OWNER = "UPDATE \"_User\" SET \"_hashed_password\" = $2, \"_rperm\" = $3, \"_wperm\" = $4 WHERE \"objectId\" = $1";
  /** Merges linked providers ($2) into authData and removes unlinked ones ($3); none left is NULL. */
  static final String SET_AUTH_DATA = "UPDATE \"_User\" SET \"authData\" = NULLIF((COALESCE(\"authData\", '{}'::jsonb) || $2::jsonb)"
      + " - $3::text[], '{}'::jsonb) WHERE \"objectId\" = $1";
  static final String ANONYMOUS = "SELECT \"authData\" ? 'anonymous' FROM \"_User\" WHERE \"objectId\" = $1";
  static final String DELETE_USER = "DELETE FROM \"_User\" WHERE \"objectId\" = $1";

  static final String SESSION_BY_TOKEN = "SELECT \"objectId\", \"user\", \"expiresAt\" FROM \"_Session\" WHERE \"sessionToken\" = $1";
  static final String INSERT_SESSION = "INSERT INTO \"_Session\" (\"objectId\", \"createdAt\", \"updatedAt\", \"_rperm\", \"_wperm\","
      + " \"sessionToken\", \"user\", \"expiresAt\", \"createdWith\", \"installationId\", \"restricted\")"
      + " VALUES ($1, $2, $2, $3, $3, $4, $5, $6, $7, $8, false)";
  /** A new session on an installation replaces the user's earlier sessions there, as Parse Server does. */
  static final String DELETE_INSTALLATION_SESSIONS = "DELETE FROM \"_Session\" WHERE \"user\" = $1 AND \"installationId\" = $2";
  /** A session still in its second half ($4: now plus half a length) extended to $2; answers it when extended. */
  static final String EXTEND_SESSION = "UPDATE \"_Session\" SET \"expiresAt\" = $2, \"updatedAt\" = $3"
      + " WHERE \"sessionToken\" = $1 AND \"expiresAt\" IS NOT NULL AND \"expiresAt\" > $3 AND \"expiresAt\" <= $4"
      + " RETURNING \"objectId\", \"user\", \"expiresAt\"";
  static final String DELETE_SESSION_BY_TOKEN = "DELETE FROM \"_Session\" WHERE \"sessionToken\" = $1";
  static final String DELETE_USER_SESSIONS = "DELETE FROM \"_Session\" WHERE \"user\" = $1";
  static final String SESSION_HOLDER = "SELECT \"user\" FROM \"_Session\" WHERE \"objectId\" = $1";

  /** PostgreSQL's unique_violation, and the indexes that raise it for users. */
  static final String UNIQUE_VIOLATION = "23505";
  static final String USERNAME_INDEX = "_User_unique_lower_username";
  static final String EMAIL_INDEX = "_User_unique_lower_email";
  static final String AUTH_DATA_INDEX_PREFIX = "_User_unique_authData_";

  private UserSql() {
  }
}
