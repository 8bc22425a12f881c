package dev.parsec.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The push benchmark (not a test: surefire's default run skips this class; scripts/push-bench.sh runs it):
 * a push to 100,000 installations, half iOS, half Android, against the local fake APNs and FCM (which
 * answer after 2 ms, over TLS, in this JVM). Prints the rate, the heap and the installations held.
 */
class PushBenchmark {

  private static final int INSTALLATIONS = Integer.getInteger("push.bench.installations", 100_000);

  @Test
  void pushToAHundredThousand() throws Exception {
    try (PushFixture services = new PushFixture()) {
      DatabaseUrl database = TestDatabases.fresh();
      Map<String, String> settings = services.settings(database);
      settings.putAll(Map.of("push_batch_size", System.getProperty("push.bench.batch", "500"),
          "push_concurrency", System.getProperty("push.bench.concurrency", "64")));
      Node node = TestNodes.start(settings);
      try {
        LargePushTest.insertInstallations(database, INSTALLATIONS);
        services.fcm.answerDelayMs = 2;
        services.apns.answerDelayMs = 2;
        services.fcm.keepDeliveries = false;
        services.apns.keepDeliveries = false;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong heapPeak = new AtomicLong();
        AtomicLong liveAfterGc = new AtomicLong();
        java.util.List<java.lang.management.MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null).toList();
        Thread sampler = new Thread(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            // what the last collection left of each pool: the live heap, without the garbage awaiting collection
            liveAfterGc.accumulateAndGet(pools.stream().mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum(), Math::max);
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        sampler.start();
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        Instant start = Instant.now();
        PushClient.Answer answer = PushClient.push(node.config().port(), new JsonObject()
            .put("channels", new JsonArray().add("all")).put("data", new JsonObject().put("alert", "Benchmark!")), true);
        JsonObject status = PushFixture.awaitStatus(Api.at(node.config().port()).asMaster(), answer.pushStatusId(), "succeeded");
        Duration took = Duration.between(start, Instant.now());
        double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        sampler.interrupt();
        sampler.join();
        assertEquals(INSTALLATIONS, status.getInteger("numSent"), status.encode());
        assertEquals(INSTALLATIONS, services.fcm.deliveries.get() + services.apns.deliveries.get());
        double held = LargePushTest.metric(Api.at(node.config().port()).get("/metrics").text(), "parsec_push_installations_held_max");
        String report = String.format("push to %,d installations (batch %s, concurrency %s): %.1f s, %,.0f notifications/s;"
                + " heap %d MB before, at most %d MB live after a collection and %d MB used with garbage (node and fakes in one JVM);"
                + " at most %.0f installations held; %d APNs and %d FCM connections;"
                + " CPU %.1f s for node and fakes together (%.0f µs per notification)%n",
            INSTALLATIONS, settings.get("push_batch_size"), settings.get("push_concurrency"), took.toMillis() / 1000.0,
            INSTALLATIONS * 1000.0 / took.toMillis(), heapBefore >> 20, liveAfterGc.get() >> 20, heapPeak.get() >> 20, held,
            services.apns.connections.get(), services.fcm.connections.get(), cpuSeconds, cpuSeconds * 1e6 / INSTALLATIONS);
        System.out.print(report);
        Files.writeString(Path.of("target", "push-bench.txt"), report, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      } finally {
        node.stop();
      }
    }
  }
}
