package dev.parsec.files;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * Files in PostgreSQL, shared by every node on the database. An upload is written in one
 * transaction (metadata row, then its chunks as they arrive, then its size and ETag), so a failed
 * one rolls back and leaves nothing.
 */
public final class PostgresFileStore implements FileStore {

  private final Pool pool;

  public PostgresFileStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<FileInfo> save(String name, String contentType, UploadStream upload) {
    return pool.withTransaction(connection -> connection.preparedQuery(FileSql.INSERT_FILE)
        .execute(Tuple.of(name, contentType))
        .compose(inserted -> upload.pipe().endOnFailure(false).to(new ChunkWriter(connection, name)))
        .compose(written -> connection.preparedQuery(FileSql.FINISH_FILE)
            .execute(Tuple.of(name, upload.size(), upload.md5())))
        .map(rows -> new FileInfo(name, contentType, upload.size(), upload.md5(),
            rows.iterator().next().getOffsetDateTime(0).toInstant())));
  }

  @Override
  public Future<FileInfo> stat(String name) {
    return pool.preparedQuery(FileSql.SELECT_FILE).execute(Tuple.of(name)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      OffsetDateTime created = row.getOffsetDateTime(3);
      return new FileInfo(name, row.getString(0), row.getLong(1), row.getString(2), created.toInstant());
    });
  }

  @Override
  public Future<ReadStream<Buffer>> read(FileInfo file, long start, long length) {
    ChunkReader reader = new ChunkReader(pool, file.name(), start, length);
    reader.pause();
    return Future.succeededFuture(reader);
  }

  @Override
  public Future<Boolean> delete(String name) {
    return pool.preparedQuery(FileSql.DELETE_FILE).execute(Tuple.of(name)).map(rows -> rows.rowCount() > 0);
  }
}
