package dev.parsec.gateway;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counters every node shares, in a Hazelcast map: the count of a key's window is incremented where
 * the key lives (one asynchronous call, never blocking the event loop) and expires with its window.
 * Hazelcast's community edition is AP, so under a network partition each side counts on its own and
 * a client may get up to one allowance per side: a rate limit, not a fact.
 */
final class ClusterRateCounters implements RateCounters {

  private final IMap<String, Long> counts;
  private final Context context;

  ClusterRateCounters(HazelcastInstance hazelcast, Context context) {
    this.counts = hazelcast.getMap("parsec.rate.counters");
    this.context = context;
  }

  @Override
  public Future<Long> increment(String key, long windowMillis) {
    // the window is in the key, so an old window's count is never added to
    return Future.fromCompletionStage(counts.submitToKey(key, new Increment(windowMillis)), context);
  }

  /** Adds one to the entry, which expires with the window. Runs on the key's owner. */
  static final class Increment implements EntryProcessor<String, Long, Long> {

    private static final long serialVersionUID = 1L;
    private final long ttlMillis;

    Increment(long ttlMillis) {
      this.ttlMillis = ttlMillis;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      long count = entry.getValue() == null ? 1 : entry.getValue() + 1;
      ((ExtendedMapEntry<String, Long>) entry).setValue(count, ttlMillis, TimeUnit.MILLISECONDS);
      return count;
    }
  }
}
