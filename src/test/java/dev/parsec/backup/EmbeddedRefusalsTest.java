package dev.parsec.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("backup and restore on an embedded data folder they cannot open: the node's one line, without a Java class name")
class EmbeddedRefusalsTest {

  @Test
  @DisplayName("a data folder of another PostgreSQL major version, or whose PG_VERSION is not a version, is refused in one line")
  void otherOrUnreadableVersion() throws Exception {
    Path data = TestDatabases.TestDirs.create("refused").resolve("data");
    Path postgres = data.resolve("postgres");
    Files.createDirectories(postgres);
    Files.writeString(postgres.resolve("PG_VERSION"), "16\n");
    Map<String, String> settings = new HashMap<>(TestNodes.settings(new DatabaseUrl("127.0.0.1", 1, "unused", "postgres", "")));
    settings.remove("database_url");
    settings.put("data_dir", data.toString());

    BackupRuns.Run backup = BackupRuns.command("backup", "--to", data.resolveSibling("backup").toString(), settings);
    assertEquals(1, backup.exit());
    assertTrue(backup.err().startsWith("parsec backup: " + postgres + " holds a PostgreSQL 16 database; this Parsec embeds PostgreSQL "),
        backup.err());
    assertEquals(1, backup.err().lines().count(), backup.err());
    assertFalse(Files.exists(data.resolveSibling("backup")), "no backup folder left");

    Files.writeString(postgres.resolve("PG_VERSION"), "not a version\n");
    BackupRuns.Run again = BackupRuns.command("backup", "--to", data.resolveSibling("backup").toString(), settings);
    assertEquals(1, again.exit());
    assertEquals("parsec backup: " + postgres + " is not a PostgreSQL data folder this Parsec can open (its PG_VERSION reads"
        + " 'not a version'): set data_dir to another folder, or restore a backup into an empty one\n", again.err());
  }
}
