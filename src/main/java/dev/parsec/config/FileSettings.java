package dev.parsec.config;

import java.util.List;
import java.util.Optional;

/**
 * How files are stored and who may upload them (Parse Server's fileUpload options): the master key
 * may always upload; signed-in users by default; anonymous users and the public only when allowed.
 * Clients may not upload the denied kinds, and, when an allow list is set, only the kinds it names.
 */
public record FileSettings(
    Adapter adapter,
    long maxSize,
    boolean uploadAuthenticated,
    boolean uploadAnonymous,
    boolean uploadPublic,
    List<String> deniedExtensions,
    List<String> allowedExtensions,
    Optional<S3Settings> s3) {

  /** Where file bytes live: a directory of this node, PostgreSQL, or an S3 bucket; the last two every node shares. */
  public enum Adapter { DISK, POSTGRES, S3 }
}
