package dev.parsec.backup;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * manifest.json: what a backup holds and what it was taken from, and every other file of the backup
 * with its size and SHA-256, so a restore can prove the backup whole before it changes anything.
 *
 * @param migrationVersion the highest of Parsec's migrations the database had; empty when it had none
 * @param createdAt when the database snapshot was taken
 * @param filesAdapter the files_adapter of the node backed up (disk, postgres or s3)
 */
record Manifest(int format, String parsecVersion, Optional<String> migrationVersion, String postgresVersion,
    Instant createdAt, String filesAdapter, List<Entry> files) {

  static final String NAME = "manifest.json";
  static final int FORMAT = 1;

  /** One file of the backup, by its path relative to the backup folder (with / between parts). */
  record Entry(String name, long bytes, String sha256) {
  }

  void write(Path dir) throws IOException {
    JsonArray list = new JsonArray();
    files.forEach(f -> list.add(new JsonObject().put("name", f.name()).put("bytes", f.bytes()).put("sha256", f.sha256())));
    JsonObject json = new JsonObject()
        .put("format", format)
        .put("parsecVersion", parsecVersion)
        .put("migrationVersion", migrationVersion.orElse(null))
        .put("postgresVersion", postgresVersion)
        .put("createdAt", createdAt.toString())
        .put("filesAdapter", filesAdapter)
        .put("files", list);
    Files.writeString(dir.resolve(NAME), json.encodePrettily() + "\n", StandardCharsets.UTF_8);
  }

  static Manifest read(Path dir) {
    Path file = dir.resolve(NAME);
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      int format = json.getInteger("format", 0);
      if (format != FORMAT) {
        throw new BackupFailed(file + " is of backup format " + format + "; this Parsec reads format " + FORMAT);
      }
      List<Entry> files = new ArrayList<>();
      for (Object item : json.getJsonArray("files")) {
        JsonObject f = (JsonObject) item;
        files.add(new Entry(f.getString("name"), f.getLong("bytes"), f.getString("sha256")));
      }
      return new Manifest(format, json.getString("parsecVersion"), Optional.ofNullable(json.getString("migrationVersion")),
          json.getString("postgresVersion"), Instant.parse(json.getString("createdAt")), json.getString("filesAdapter"),
          List.copyOf(files));
    } catch (NoSuchFileException e) {
      throw new BackupFailed(dir + " is not a Parsec backup: it has no " + NAME);
    } catch (IOException e) {
      throw new BackupFailed("cannot read " + file + ": " + e.getMessage(), e);
    } catch (DecodeException | ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new BackupFailed(file + " is damaged: " + e.getMessage(), e);
    }
  }
}
