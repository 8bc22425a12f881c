package dev.parsec.writes;

/** SQL expressions for the array operations, on a jsonb column and a jsonb parameter. */
final class ObjectSql {

  private ObjectSql() {
  }

  /** The column with every item of p it does not already hold appended once, in p's order. */
  static String addUnique(String column, String p) {
    String current = "COALESCE(" + column + ", '[]'::jsonb)";
    return current + " || COALESCE((SELECT jsonb_agg(e ORDER BY i) FROM jsonb_array_elements(" + p
        + "::jsonb) WITH ORDINALITY AS t(e, i) WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(" + current
        + ") AS x WHERE x = e) AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(" + p
        + "::jsonb) WITH ORDINALITY AS u(y, j) WHERE y = e AND j < i)), '[]'::jsonb)";
  }

  /** The column without any item equal to an item of p. */
  static String remove(String column, String p) {
    return "COALESCE((SELECT jsonb_agg(x ORDER BY i) FROM jsonb_array_elements(COALESCE(" + column
        + ", '[]'::jsonb)) WITH ORDINALITY AS t(x, i) WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(" + p
        + "::jsonb) AS y WHERE y = x)), '[]'::jsonb)";
  }
}
