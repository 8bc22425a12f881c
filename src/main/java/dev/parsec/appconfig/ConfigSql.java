package dev.parsec.appconfig;

/** Every SQL statement about Parse.Config, kept in its one row of "_GlobalConfig". */
final class ConfigSql {

  static final String SELECT = "SELECT \"params\", \"masterKeyOnly\" FROM \"_GlobalConfig\" WHERE \"objectId\" = '1'";

  /**
   * Applies a whole PUT in one statement, so concurrent PUTs of different params all survive:
   * $1 the values to set, $2 the names to remove, $3 the master-only flags given, $4 the amounts to
   * add. The row is left alone, and no row returned, when an amount would go to a param that is
   * not a number.
   */
  static final String UPDATE = "INSERT INTO \"_GlobalConfig\" AS g (\"objectId\", \"params\", \"masterKeyOnly\")"
      + " VALUES ('1', $1::jsonb || $4::jsonb, $3::jsonb)"
      + " ON CONFLICT (\"objectId\") DO UPDATE SET"
      + " \"params\" = (COALESCE(g.\"params\", '{}'::jsonb) - $2::text[]) || $1::jsonb"
      + " || (SELECT COALESCE(jsonb_object_agg(i.key, to_jsonb(CASE jsonb_typeof(g.\"params\" -> i.key)"
      + " WHEN 'number' THEN (g.\"params\" -> i.key)::numeric ELSE 0 END + i.value::numeric)), '{}'::jsonb)"
      + " FROM jsonb_each($4::jsonb) AS i),"
      + " \"masterKeyOnly\" = (COALESCE(g.\"masterKeyOnly\", '{}'::jsonb) - $2::text[]) || $3::jsonb"
      + " WHERE NOT EXISTS (SELECT 1 FROM jsonb_object_keys($4::jsonb) AS k"
      + " WHERE jsonb_typeof(g.\"params\" -> k) <> 'number')"
      + " RETURNING true";

  private ConfigSql() {
  }
}
