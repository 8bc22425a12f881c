package dev.parsec.push;

/** The statements of installation saves: Parse Server's de-duplication of installations and device tokens. */
final class InstallationSql {

  private InstallationSql() {
  }

  /** Saves of one installationId or device token wait for each other (locks taken in one order). */
  static final String LOCK_KEYS = "SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k ORDER BY k";

  static final String MATCHES = "SELECT \"objectId\", \"installationId\", \"deviceToken\", \"deviceType\" FROM \"_Installation\""
      + " WHERE \"objectId\" = $1 OR \"installationId\" = $2 OR \"deviceToken\" = $3 FOR UPDATE";

  static final String DELETE_OBJECTS = "DELETE FROM \"_Installation\" WHERE \"objectId\" = ANY($1::text[]) RETURNING \"objectId\"";

  /** The other holders of a token: not the installation keeping it ($2 installationId or $3 objectId), same app when given ($4). */
  static final String DELETE_TOKEN_HOLDERS = "DELETE FROM \"_Installation\" WHERE \"deviceToken\" = $1"
      + " AND ($2::text IS NULL OR \"installationId\" IS DISTINCT FROM $2)"
      + " AND ($3::text IS NULL OR \"objectId\" <> $3)"
      + " AND ($4::text IS NULL OR \"appIdentifier\" = $4) RETURNING \"objectId\"";
}
