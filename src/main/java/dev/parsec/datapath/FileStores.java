package dev.parsec.datapath;

import dev.parsec.config.ParsecConfig;
import dev.parsec.files.DiskFileStore;
import dev.parsec.files.FileStore;
import dev.parsec.files.PostgresFileStore;
import dev.parsec.files.s3.S3FileStore;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** The file store files_adapter names: this node's disk under data_dir, the shared database, or an S3 bucket. */
final class FileStores {

  private FileStores() {
  }

  static FileStore of(Vertx vertx, Pool pool, ParsecConfig config) {
    return switch (config.files().adapter()) {
      case POSTGRES -> new PostgresFileStore(pool);
      case S3 -> new S3FileStore(vertx, config.files().s3().orElseThrow(), config.dataDir().resolve("s3-spool"));
      case DISK -> new DiskFileStore(vertx, config.dataDir().resolve("files"));
    };
  }
}
