package dev.parsec.db;

import dev.parsec.config.DatabaseUrl;

/**
 * The database could not be reached or refused us at start (bad host, TLS refused or a certificate
 * that does not verify, wrong password): one line naming database_url, the URL without its password,
 * and the innermost cause, rather than Flyway's multi-line report.
 */
public final class DatabaseUnreachable extends RuntimeException {

  DatabaseUnreachable(DatabaseUrl url, Throwable failure) {
    super("database_url " + url + ": " + cause(failure), failure);
  }

  /** Connecting failed (SQLSTATE class 08), the login was refused (28) or the database is missing (3D). */
  static boolean isConnectionFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28") || sql.getSQLState().startsWith("3D"))) {
        return true;
      }
    }
    return false;
  }

  private static String cause(Throwable failure) {
    Throwable inner = failure;
    String message = firstLine(failure.getMessage());
    boolean certificate = isCertificateFailure(failure);
    while (inner.getCause() != null && inner.getCause() != inner) {
      inner = inner.getCause();
      certificate |= isCertificateFailure(inner);
      if (inner.getMessage() != null && !inner.getMessage().isBlank()) {
        message = firstLine(inner.getMessage());
      }
    }
    if (certificate) {
      return "the server's TLS certificate does not verify (check sslrootcert and the host name): " + message;
    }
    return message;
  }

  /** pgjdbc reports a certificate for another host as a plain connection failure naming its verifier. */
  private static boolean isCertificateFailure(Throwable failure) {
    return failure instanceof java.security.GeneralSecurityException || failure instanceof javax.net.ssl.SSLHandshakeException
        || String.valueOf(failure.getMessage()).contains("hostnameverifier");
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("");
  }
}
