package dev.parsec.db;

/**
 * The embedded PostgreSQL cannot use its data folder, for a reason the operator fixes (a database of another
 * major version, a folder its user cannot reach): the message is the whole story, in one line, with what to do.
 */
public final class EmbeddedPostgresRefused extends RuntimeException {

  EmbeddedPostgresRefused(String message) {
    super(message, null, false, false);
  }
}
