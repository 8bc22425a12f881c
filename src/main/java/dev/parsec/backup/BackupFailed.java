package dev.parsec.backup;

/** Why a backup or a restore stopped, in one line an operator can act on. */
public final class BackupFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BackupFailed(String message) {
    super(message);
  }

  public BackupFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
