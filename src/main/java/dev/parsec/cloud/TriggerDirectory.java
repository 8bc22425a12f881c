package dev.parsec.cloud;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.EntryListener;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which triggers exist anywhere in the cluster ("beforeSave.Class", "beforeSaveFile"…), known on
 * every node without asking anyone: a save of a class with no trigger must not pay for a lookup of
 * event-bus registrations, which in a cluster is a blocking Hazelcast read for every address with
 * no handler. Each worker writes the triggers it runs into a replicated map (held by every member,
 * read locally); an entry goes when its worker stops or its member leaves the cluster.
 */
public final class TriggerDirectory implements Shareable {

  /** How a job is named among the triggers ("job.restock"). */
  static final String JOB = "job.";

  private final Map<String, String> byWorker;
  /** This member's Hazelcast id and a slash, before each of its workers' keys ("" when not clustered). */
  private final String member;
  private volatile Set<String> known = Set.of();

  private TriggerDirectory(Map<String, String> byWorker, String member) {
    this.byWorker = byWorker;
    this.member = member;
  }

  /** This node's directory (one per node, shared by its verticles). */
  public static TriggerDirectory of(Vertx vertx) {
    LocalMap<String, TriggerDirectory> holder = vertx.sharedData().getLocalMap("parsec.triggers");
    return holder.computeIfAbsent("directory", key -> create(vertx));
  }

  private static TriggerDirectory create(Vertx vertx) {
    if (vertx instanceof VertxInternal internal && internal.clusterManager() instanceof HazelcastClusterManager cluster) {
      HazelcastInstance hazelcast = cluster.getHazelcastInstance();
      ReplicatedMap<String, String> map = hazelcast.getReplicatedMap("parsec.triggers");
      TriggerDirectory directory = new TriggerDirectory(map, hazelcast.getCluster().getLocalMember().getUuid() + "/");
      Listener listener = new Listener(directory);
      map.addEntryListener(listener);
      hazelcast.getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          // a member that died withdrew nothing: its workers' entries go by its id (the key set is a copy)
          String gone = event.getMember().getUuid() + "/";
          for (String worker : map.keySet()) {
            if (worker.startsWith(gone)) {
              map.remove(worker);
            }
          }
        }
      });
      directory.refresh();
      // a member that joins receives the map's entries without entry events: read the local copy again now
      // and then, so the triggers of workers that started before this node are known within a second
      vertx.setPeriodic(1_000, id -> directory.refresh());
      return directory;
    }
    return new TriggerDirectory(new ConcurrentHashMap<>(), "");
  }

  /** Whether some worker of the cluster runs the trigger. */
  boolean has(String trigger) {
    return known.contains(trigger);
  }

  /** The jobs some worker of the cluster runs, by name, sorted. */
  public java.util.List<String> jobs() {
    return known.stream().filter(name -> name.startsWith(JOB)).map(name -> name.substring(JOB.length())).sorted().toList();
  }

  /** Records the triggers a worker of this member runs; worker is unique on the member. */
  void announce(String worker, Collection<String> triggers) {
    byWorker.put(member + worker, String.join(",", triggers));
    refresh();
  }

  void withdraw(String worker) {
    byWorker.remove(member + worker);
    refresh();
  }

  private void refresh() {
    Set<String> all = new HashSet<>();
    for (String triggers : byWorker.values()) {
      if (!triggers.isEmpty()) {
        all.addAll(Arrays.asList(triggers.split(",")));
      }
    }
    known = Set.copyOf(all);
  }

  /** Keeps the union current as workers anywhere come and go. */
  private record Listener(TriggerDirectory directory) implements EntryListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      directory.refresh();
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      directory.refresh();
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      directory.refresh();
    }

    @Override
    public void entryEvicted(EntryEvent<String, String> event) {
      directory.refresh();
    }

    @Override
    public void entryExpired(EntryEvent<String, String> event) {
      directory.refresh();
    }

    @Override
    public void mapCleared(MapEvent event) {
      directory.refresh();
    }

    @Override
    public void mapEvicted(MapEvent event) {
      directory.refresh();
    }
  }
}
