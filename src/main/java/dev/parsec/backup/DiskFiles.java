package dev.parsec.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of files_adapter disk (DiskFileStore's data/NAME and meta/NAME.json under data_dir/files)
 * copied into a backup's files/ folder and back. A stored file never changes and exists once its
 * metadata does, so copying each file whose metadata is there, data first, gives whole files only;
 * a file deleted meanwhile is skipped.
 */
final class DiskFiles {

  static final String FOLDER = "files";
  private static final String DATA = "data";
  private static final String META = "meta";
  private static final String META_SUFFIX = ".json";

  private DiskFiles() {
  }

  /** Copies the store under storeRoot into backup/files; returns the number of files copied. */
  static int backUp(Path storeRoot, Path backup) throws IOException {
    Path meta = storeRoot.resolve(META);
    Path target = backup.resolve(FOLDER);
    if (!Files.isDirectory(meta)) {
      return 0;
    }
    Files.createDirectories(target.resolve(DATA));
    Files.createDirectories(target.resolve(META));
    int copied = 0;
    try (DirectoryStream<Path> list = Files.newDirectoryStream(meta, "*" + META_SUFFIX)) {
      for (Path metaFile : list) {
        String name = nameOf(metaFile);
        try {
          Files.copy(storeRoot.resolve(DATA).resolve(name), target.resolve(DATA).resolve(name));
          Files.copy(metaFile, target.resolve(META).resolve(metaFile.getFileName()));
          copied++;
        } catch (NoSuchFileException deletedMeanwhile) {
          Files.deleteIfExists(target.resolve(DATA).resolve(name));
        }
      }
    }
    return copied;
  }

  /** The files (data and metadata) of a backup's files/ folder, relative to it; empty when it has none. */
  static List<Path> inBackup(Path backup) throws IOException {
    List<Path> files = new ArrayList<>();
    Path meta = backup.resolve(FOLDER).resolve(META);
    if (!Files.isDirectory(meta)) {
      return files;
    }
    try (DirectoryStream<Path> list = Files.newDirectoryStream(meta, "*" + META_SUFFIX)) {
      for (Path metaFile : list) {
        files.add(Path.of(DATA, nameOf(metaFile)));
        files.add(Path.of(META, metaFile.getFileName().toString()));
      }
    }
    return files;
  }

  /** Refuses when the store already holds a file of the same name with other content. */
  static void checkRestorable(Path backup, Path storeRoot) throws IOException {
    for (Path file : inBackup(backup)) {
      Path existing = storeRoot.resolve(file);
      if (Files.exists(existing) && Files.mismatch(existing, backup.resolve(FOLDER).resolve(file)) != -1) {
        throw new BackupFailed("the file store already holds " + existing + " with other content");
      }
    }
  }

  /** Copies the backup's files into the store, data before metadata; returns what it created, for {@link #remove}. */
  static List<Path> restore(Path backup, Path storeRoot) throws IOException {
    List<Path> created = new ArrayList<>();
    Files.createDirectories(storeRoot.resolve(DATA));
    Files.createDirectories(storeRoot.resolve(META));
    Files.createDirectories(storeRoot.resolve("tmp"));
    try {
      for (Path file : inBackup(backup)) {
        Path target = storeRoot.resolve(file);
        if (!Files.exists(target)) {
          Path partial = storeRoot.resolve("tmp").resolve(file.getFileName() + ".restore");
          Files.copy(backup.resolve(FOLDER).resolve(file), partial, StandardCopyOption.REPLACE_EXISTING);
          Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
          created.add(target);
        }
      }
    } catch (IOException e) {
      remove(created);
      throw e;
    }
    return created;
  }

  static void remove(List<Path> created) {
    for (Path file : created) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // best effort: the database was not restored, so these files are unreferenced
      }
    }
  }

  private static String nameOf(Path metaFile) {
    String file = metaFile.getFileName().toString();
    return file.substring(0, file.length() - META_SUFFIX.length());
  }
}
