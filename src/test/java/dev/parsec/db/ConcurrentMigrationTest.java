package dev.parsec.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.support.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Nodes started together over a new database each run the migrations. Without the lock around them, one of eight
 * failed in about one round of six here ("Unable to baseline schema history table ... as it already exists, and is
 * empty"): found by FaultMatrixTest, whose three nodes start at once.
 */
@DisplayName("Nodes started together over a new database")
class ConcurrentMigrationTest {

  @RepeatedTest(5)
  @DisplayName("each migrates it at once: every node starts, and every migration is applied once")
  void nodesMigrateTogether() throws Exception {
    DatabaseUrl url = TestDatabases.fresh();
    int nodes = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService starts = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<?>> migrated = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        migrated.add(starts.submit(() -> {
          go.await();
          Database.migrate(url);
          return null;
        }));
      }
      go.countDown();
      for (Future<?> node : migrated) {
        node.get(120, TimeUnit.SECONDS);
      }
    } finally {
      starts.shutdownNow();
    }
    long versions = Database.migrations(url).info().applied().length;
    assertEquals(versions, TestDatabases.count(url,
        "SELECT count(DISTINCT version) FROM _parsec_migrations WHERE success AND version IS NOT NULL"));
    assertEquals(versions, TestDatabases.count(url, "SELECT count(*) FROM _parsec_migrations WHERE success AND version IS NOT NULL"),
        "a migration applied twice");
  }
}
