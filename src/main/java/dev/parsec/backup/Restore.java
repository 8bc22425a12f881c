package dev.parsec.backup;

import dev.parsec.cache.ObjectCache;
import dev.parsec.cache.RedisClients;
import dev.parsec.config.FileSettings;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * java -jar parsec.jar restore --from DIR: into an empty database only, after every checksum of the
 * backup proved right, in one transaction (a failure leaves the database empty), then the files of
 * files_adapter disk into data_dir/files. A node started afterwards runs the migrations this jar has
 * that the backup's database had not.
 */
public final class Restore {

  private final ParsecConfig config;
  private final PrintStream progress;

  public Restore(ParsecConfig config, PrintStream progress) {
    this.config = config;
    this.progress = progress;
  }

  public void from(Path dir) {
    long started = System.nanoTime();
    Manifest manifest = Manifest.read(dir);
    verify(dir, manifest);
    DatabaseLayout layout = layout(dir);
    refuseUncheckedData(manifest, layout);
    boolean diskFiles = Files.isDirectory(dir.resolve(DiskFiles.FOLDER));
    Path store = config.dataDir().resolve("files");
    if (diskFiles && config.files().adapter() != FileSettings.Adapter.DISK) {
      throw new BackupFailed("the backup holds files of files_adapter disk; restore with files_adapter disk, as the node backed up had");
    }
    try (DatabaseAccess database = DatabaseAccess.open(config, progress, false);
         Connection c = database.connect()) {
      progress.println("restoring into " + database.url());
      refuseNonEmpty(c, database);
      refuseNewer(manifest.migrationVersion(), database);
      if (diskFiles) {
        DiskFiles.checkRestorable(dir, store);
      }
      dropCachedObjects();
      List<Path> created = diskFiles ? DiskFiles.restore(dir, store) : List.of();
      try {
        load(c, database, dir, layout);
      } catch (SQLException | IOException | RuntimeException e) {
        DiskFiles.remove(created);
        throw e;
      }
      if (diskFiles) {
        progress.println("files: " + created.size() / 2 + " into " + store.toAbsolutePath());
      }
    } catch (SQLException e) {
      throw new BackupFailed("database: " + e.getMessage() + " (nothing was restored)", e);
    } catch (IOException e) {
      throw new BackupFailed("cannot read the backup: " + e.getMessage() + " (nothing was restored)", e);
    }
    progress.printf(Locale.ROOT, "restore complete in %.1f s from %s (taken %s by Parsec %s)%n",
        (System.nanoTime() - started) / 1e9, dir, manifest.createdAt(), manifest.parsecVersion());
  }

  /**
   * Every file the manifest lists is there, of its size and SHA-256; else nothing is touched. A backup holds
   * no symbolic link (backup writes none): one would let a listed name read a file outside the backup.
   */
  private void verify(Path dir, Manifest manifest) {
    Path root;
    try {
      // a link to the folder (backups/latest) is the operator's; inside it, links are refused below
      root = dir.toRealPath();
    } catch (IOException e) {
      throw new BackupFailed("cannot read " + dir + ": " + e.getMessage(), e);
    }
    refuseLinks(root);
    for (Manifest.Entry entry : manifest.files()) {
      Path file = root.resolve(entry.name()).normalize();
      if (!file.startsWith(root) || file.equals(root) || file.equals(root.resolve(Manifest.NAME))) {
        throw new BackupFailed(Manifest.NAME + " lists a file outside the backup: " + entry.name());
      }
      try {
        if (Files.size(file) != entry.bytes() || !Sha256.of(file).equals(entry.sha256())) {
          throw new BackupFailed("the backup is damaged: " + entry.name() + " does not match its SHA-256 in "
              + Manifest.NAME + " (nothing was restored)");
        }
      } catch (NoSuchFileException e) {
        throw new BackupFailed("the backup is incomplete: " + entry.name() + " is missing (nothing was restored)");
      } catch (IOException e) {
        throw new BackupFailed("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    boolean layoutListed = manifest.files().stream().anyMatch(e -> e.name().equals(DatabaseLayout.NAME));
    if (!layoutListed) {
      throw new BackupFailed(Manifest.NAME + " does not list " + DatabaseLayout.NAME + ": not a whole Parsec backup");
    }
    // everything restore reads must have been checked: no file the manifest does not list
    java.util.Set<String> listed = new java.util.HashSet<>();
    manifest.files().forEach(entry -> listed.add(entry.name()));
    try (java.util.stream.Stream<Path> all = Files.walk(root)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        if (!name.equals(Manifest.NAME) && !listed.contains(name)) {
          throw new BackupFailed("the backup holds " + name + ", which " + Manifest.NAME + " does not list (nothing was restored)");
        }
      }
    } catch (IOException e) {
      throw new BackupFailed("cannot read " + root + ": " + e.getMessage(), e);
    }
    progress.println("checked " + manifest.files().size() + " files against their SHA-256");
  }

  private static void refuseLinks(Path root) {
    try (java.util.stream.Stream<Path> all = Files.walk(root)) {
      for (Path path : all.filter(p -> !p.equals(root) && Files.isSymbolicLink(p)).toList()) {
        throw new BackupFailed("the backup holds a symbolic link, " + root.relativize(path)
            + ", which backup never writes (nothing was restored)");
      }
    } catch (IOException e) {
      throw new BackupFailed("cannot read " + root + ": " + e.getMessage(), e);
    }
  }

  /** Each table's data file is one the manifest lists (so checked above), not any path schema.json names. */
  private static void refuseUncheckedData(Manifest manifest, DatabaseLayout layout) {
    java.util.Set<String> listed = new java.util.HashSet<>();
    manifest.files().forEach(entry -> listed.add(entry.name()));
    for (DatabaseLayout.TableData table : layout.tables()) {
      if (table.file() == null || !table.file().startsWith(Backup.DATA_FOLDER + "/") || !listed.contains(table.file())) {
        throw new BackupFailed(DatabaseLayout.NAME + " reads table " + table.name() + " from " + table.file()
            + ", which is not a data file " + Manifest.NAME + " lists (nothing was restored)");
      }
    }
  }

  private static DatabaseLayout layout(Path dir) {
    try {
      return DatabaseLayout.fromJson(new JsonObject(Files.readString(dir.resolve(DatabaseLayout.NAME), StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      throw new BackupFailed("cannot read " + dir.resolve(DatabaseLayout.NAME) + ": " + e.getMessage(), e);
    }
  }

  private static void refuseNonEmpty(Connection c, DatabaseAccess database) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
             + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
             + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' ORDER BY 1, 2 LIMIT 1")) {
      if (rs.next()) {
        throw new BackupFailed("database " + database.url() + " is not empty (it has " + rs.getString(1) + "."
            + rs.getString(2) + "): restore goes into an empty database only");
      }
    }
  }

  /** A backup whose database had migrations this jar does not know would be served by code that does not know its tables. */
  private static void refuseNewer(Optional<String> backedUp, DatabaseAccess database) {
    if (backedUp.isEmpty()) {
      return;
    }
    MigrationVersion known = null;
    for (MigrationInfo info : Database.migrations(database.url()).info().all()) {
      if (info.getVersion() != null && (known == null || info.getVersion().compareTo(known) > 0)) {
        known = info.getVersion();
      }
    }
    MigrationVersion version = MigrationVersion.fromVersion(backedUp.get());
    if (known == null || version.compareTo(known) > 0) {
      throw new BackupFailed("the backup is of migration version " + backedUp.get() + ", newer than this Parsec knows ("
          + (known == null ? "none" : known.getVersion()) + "): restore it with the Parsec that made it, or a later one");
    }
  }

  /**
   * With redis_url set, the object cache in Redis may hold objects of the database this one replaces:
   * its generation moves on first, so no node serves them. Redis unreachable, nothing is restored.
   */
  private void dropCachedObjects() {
    if (config.redis().isEmpty()) {
      return;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis = RedisClients.create(vertx, config.redis().get(), "redis-restore");
      Response generation = ObjectCache.startNewGeneration(redis).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      progress.println("object cache in Redis moved to generation " + generation + ": entries cached before are dropped");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new BackupFailed("Redis (redis_url) does not answer, so its object cache cannot be dropped: " + cause.getMessage()
          + " (nothing was restored; start Redis, or restore without redis_url and flush Redis before nodes start)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupFailed("interrupted");
    } finally {
      vertx.close();
    }
  }

  /**
   * One transaction: tables, data, constraints and indexes, sequences; all or nothing. The statements come
   * from the backup folder: a privileged restoring user runs them as a {@link RestoreRole}.
   */
  private void load(Connection c, DatabaseAccess database, Path dir, DatabaseLayout layout) throws SQLException, IOException {
    Optional<RestoreRole> role = RestoreRole.create(c, database.url());
    if (role.isEmpty()) {
      loadAs(c, dir, layout, null);
      return;
    }
    try (Connection as = role.get().connect()) {
      loadAs(as, dir, layout, role.get());
    } catch (SQLException | IOException | RuntimeException e) {
      role.get().drop(c);
      throw e;
    }
    role.get().handOver(c);
  }

  private void loadAs(Connection c, Path dir, DatabaseLayout layout, RestoreRole role) throws SQLException, IOException {
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        for (String sql : layout.create()) {
          s.execute(sql);
        }
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (DatabaseLayout.TableData table : layout.tables()) {
        long rows;
        try (InputStream in = Files.newInputStream(dir.resolve(table.file()))) {
          rows = copy.copyIn("COPY " + Sql.quote(table.name()) + " (" + table.columnList() + ") FROM STDIN (FORMAT binary)", in);
        }
        if (rows != table.rows()) {
          throw new BackupFailed("table " + table.name() + " loaded " + rows + " rows where the backup counted "
              + table.rows() + " (nothing was restored)");
        }
        progress.println("table " + table.name() + ": " + rows + (rows == 1 ? " row" : " rows"));
      }
      progress.println("building " + layout.after().size() + " constraints, indexes and sequence values");
      try (Statement s = c.createStatement()) {
        for (String sql : layout.after()) {
          s.execute(sql);
        }
      }
      if (role != null) {
        role.refuseOtherObjects(c);
      }
      c.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }
}
