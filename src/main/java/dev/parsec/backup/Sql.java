package dev.parsec.backup;

/** Identifier quoting for the statements a backup writes and a restore runs. */
final class Sql {

  private Sql() {
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
