package dev.parsec.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the user the embedded PostgreSQL runs as (nobody, when this JVM is root) can reach a folder: every
 * existing folder on the way must let it through (x for it as owner, group or other; it has no other groups).
 * Checked before initdb or pg_ctl run, which otherwise fail with a page of output.
 */
final class ServerUserReach {

  private ServerUserReach() {
  }

  /** The first folder on the way to target (target included, when it exists) that uid/gid cannot pass. */
  static Optional<Path> blocker(Path target, int uid, int gid) {
    Path absolute = target.toAbsolutePath().normalize();
    Path folder = absolute.getRoot();
    for (Path part : absolute) {
      folder = folder.resolve(part);
      if (!Files.isDirectory(folder)) {
        break;
      }
      if (!passable(folder, uid, gid)) {
        return Optional.of(folder);
      }
    }
    return Optional.empty();
  }

  private static boolean passable(Path folder, int uid, int gid) {
    try {
      int mode = (Integer) Files.getAttribute(folder, "unix:mode");
      int owner = (Integer) Files.getAttribute(folder, "unix:uid");
      int group = (Integer) Files.getAttribute(folder, "unix:gid");
      int bit = owner == uid ? 0100 : group == gid ? 0010 : 0001;
      return (mode & bit) != 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // cannot tell (no POSIX attributes): let PostgreSQL's own tools say what is wrong
      return true;
    }
  }
}
