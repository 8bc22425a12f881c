package dev.parsec.replicas;

/** PostgreSQL's WAL positions (pg_lsn, written as two hexadecimal halves like 0/16B3748) as numbers that compare. */
final class Lsn {

  private Lsn() {
  }

  /** The position as a number; -1 for null (a server that is not replaying WAL answers null). */
  static long parse(String text) {
    if (text == null) {
      return -1;
    }
    int slash = text.indexOf('/');
    return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
  }
}
