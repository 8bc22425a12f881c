package dev.parsec.config;

import java.util.List;

/**
 * How files are stored and who may upload them (Parse Server's fileUpload options): the master key
 * may always upload; signed-in users by default; anonymous users and the public only when allowed.
 */
public record FileSettings(
    Adapter adapter,
    long maxSize,
    boolean uploadAuthenticated,
    boolean uploadAnonymous,
    boolean uploadPublic,
    List<String> deniedExtensions) {

  /** Where file bytes live: a directory of this node, or PostgreSQL, which every node shares. */
  public enum Adapter { DISK, POSTGRES }
}
