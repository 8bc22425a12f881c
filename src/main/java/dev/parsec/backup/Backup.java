package dev.parsec.backup;

import dev.parsec.config.FileSettings;
import dev.parsec.config.ParsecConfig;
import dev.parsec.serverinfo.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * java -jar parsec.jar backup --to DIR: the database in one snapshot (a REPEATABLE READ READ ONLY
 * transaction, so nodes keep serving and writing while it runs and every table is seen at the same
 * instant) and the files of files_adapter disk, with a manifest of checksums.
 */
public final class Backup {

  static final String DATA_FOLDER = "data";
  private static final String MIGRATIONS_TABLE = "_parsec_migrations";

  private final ParsecConfig config;
  private final PrintStream progress;
  /** The names of the tables locked before the snapshot. */
  private List<String> lockedBefore = List.of();

  public Backup(ParsecConfig config, PrintStream progress) {
    this.config = config;
    this.progress = progress;
  }

  /** Writes the backup into dir, which must not exist or be empty; on failure leaves dir as it found it. */
  public void to(Path dir) {
    boolean existed = Files.exists(dir);
    checkTarget(dir, existed);
    long started = System.nanoTime();
    try {
      Files.createDirectories(dir);
      // password hashes, session tokens, files: for the operator's eyes only
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Files.createDirectories(dir.resolve(DATA_FOLDER));
      write(dir);
    } catch (IOException e) {
      clear(dir, existed);
      throw new BackupFailed("cannot write " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      clear(dir, existed);
      throw e;
    }
    progress.printf(Locale.ROOT, "backup complete in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, dir);
  }

  private void write(Path dir) throws IOException {
    Optional<String> migration;
    String postgresVersion;
    Instant taken;
    try (DatabaseAccess database = DatabaseAccess.open(config, progress, true);
         Connection c = database.connect()) {
      progress.println("backing up " + database.url() + " in one snapshot");
      postgresVersion = single(c, "SHOW server_version");
      beginLocked(c);
      taken = Instant.now();
      DatabaseLayout layout = snapshot(c, dir);
      migration = migrationVersion(c, layout);
      c.commit();
      Files.writeString(dir.resolve(DatabaseLayout.NAME), layout.toJson().encodePrettily() + "\n", StandardCharsets.UTF_8);
    } catch (SQLException e) {
      throw new BackupFailed("database: " + e.getMessage(), e);
    }
    backUpFiles(dir);
    List<Manifest.Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
        String name = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        entries.add(new Manifest.Entry(name, Files.size(file), Sha256.of(file)));
      }
    }
    new Manifest(Manifest.FORMAT, Version.PARSEC, migration, postgresVersion, taken,
        config.files().adapter().name().toLowerCase(Locale.ROOT), entries).write(dir);
    progress.println("manifest: " + entries.size() + " files with their SHA-256, migration version "
        + migration.orElse("none") + ", PostgreSQL " + postgresVersion);
  }

  /** Every table's definition and data, read in the transaction's one snapshot. */
  private DatabaseLayout snapshot(Connection c, Path dir) throws SQLException, IOException {
    CatalogReader catalog = new CatalogReader(c);
    List<CatalogReader.Table> tables = catalog.tables();
    if (tables.stream().noneMatch(t -> t.name().equals("_SCHEMA"))) {
      throw new BackupFailed("the database holds no Parsec tables (no _SCHEMA): is database_url (or data_dir) the one the nodes use?");
    }
    // a table made between the names read by beginLocked and the snapshot: its lock comes after the snapshot
    catalog.lock(tables.stream().map(CatalogReader.Table::name).filter(name -> !lockedBefore.contains(name)).toList());
    CatalogReader.Sequences sequences = catalog.sequences();
    List<String> create = new ArrayList<>(sequences.create());
    List<String> constraints = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    List<String> storage = new ArrayList<>();
    List<String> foreignKeys = new ArrayList<>();
    List<DatabaseLayout.TableData> data = new ArrayList<>();
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    int number = 0;
    for (CatalogReader.Table table : tables) {
      CatalogReader.Columns columns = catalog.columns(table);
      create.add(columns.createTable());
      storage.addAll(columns.storage());
      constraints.addAll(catalog.constraints(table, false));
      foreignKeys.addAll(catalog.constraints(table, true));
      indexes.addAll(catalog.indexes(table));
      // numbered files: class names may hold characters a file name should not (_Join:users:_Role)
      String file = DATA_FOLDER + "/" + String.format(Locale.ROOT, "%04d.copy", ++number);
      DatabaseLayout.TableData entry = new DatabaseLayout.TableData(table.name(), file, columns.copied(), 0);
      long rows;
      try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
        rows = copy.copyOut("COPY " + Sql.quote(table.name()) + " (" + entry.columnList() + ") TO STDOUT (FORMAT binary)", out);
      }
      data.add(new DatabaseLayout.TableData(table.name(), file, columns.copied(), rows));
      progress.println("table " + table.name() + ": " + rows + (rows == 1 ? " row" : " rows"));
    }
    List<String> after = new ArrayList<>(constraints);
    after.addAll(indexes);
    after.addAll(storage);
    after.addAll(foreignKeys);
    after.addAll(sequences.values());
    return new DatabaseLayout(List.copyOf(create), List.copyOf(data), List.copyOf(after));
  }

  /**
   * Opens the REPEATABLE READ READ ONLY transaction with every table already locked: the names are read
   * outside it, then locked as its first statements, before any query takes its snapshot. A table dropped
   * in between fails the lock; the names are read again.
   */
  private void beginLocked(Connection c) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      c.setAutoCommit(true);
      List<String> names = new CatalogReader(c).tables().stream().map(CatalogReader.Table::name).toList();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      try {
        new CatalogReader(c).lock(names);
        lockedBefore = names;
        return;
      } catch (SQLException e) {
        c.rollback();
        if (!"42P01".equals(e.getSQLState()) || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private void backUpFiles(Path dir) throws IOException {
    FileSettings.Adapter adapter = config.files().adapter();
    switch (adapter) {
      case DISK -> {
        Path store = config.dataDir().resolve("files");
        int copied = DiskFiles.backUp(store, dir);
        progress.println("files: " + copied + " from " + store.toAbsolutePath());
      }
      case POSTGRES -> progress.println("files: in the database (files_adapter postgres), backed up with it");
      case S3 -> progress.println("files: NOT included: files_adapter is s3 and the objects stay in bucket "
          + config.files().s3().map(s3 -> s3.bucket()).orElse("?") + " (back the bucket up with S3's own versioning or replication)");
    }
  }

  /** The highest migration the history table records as applied, read in the snapshot; empty without one. */
  private static Optional<String> migrationVersion(Connection c, DatabaseLayout layout) throws SQLException {
    if (layout.tables().stream().noneMatch(t -> t.name().equals(MIGRATIONS_TABLE))) {
      return Optional.empty();
    }
    MigrationVersion highest = null;
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT version FROM " + Sql.quote(MIGRATIONS_TABLE) + " WHERE success AND version IS NOT NULL")) {
      while (rs.next()) {
        MigrationVersion version = MigrationVersion.fromVersion(rs.getString(1));
        if (highest == null || version.compareTo(highest) > 0) {
          highest = version;
        }
      }
    }
    return Optional.ofNullable(highest).map(MigrationVersion::getVersion);
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void checkTarget(Path dir, boolean existed) {
    if (!existed) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new BackupFailed(dir + " exists and is not a folder");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new BackupFailed(dir + " is not empty: back up into a new or empty folder");
      }
    } catch (IOException e) {
      throw new BackupFailed("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Removes what a failed backup wrote: the folder when it made it, its content when it was given an empty one. */
  private static void clear(Path dir, boolean keepFolder) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!keepFolder || !p.equals(dir)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      // best effort: the failure itself is what the operator is told
    }
  }
}
