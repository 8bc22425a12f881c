package dev.parsec.replicas;

/**
 * What the last poll learnt of one replica.
 *
 * @param replayLsn the WAL position it has replayed up to; -1 when unknown (down, or not a standby)
 * @param caughtUpAt System.nanoTime() of the latest primary sample whose position it has replayed: it
 *     holds everything committed before that instant; Long.MIN_VALUE when no sample is known to be replayed
 * @param lagSeconds how far behind the primary's latest sample it is, in time
 * @param lagBytes how far behind, in WAL bytes
 * @param usable whether reads may go to it: reachable, replaying, and lagging at most database_replica_max_lag
 */
record ReplicaState(String name, boolean up, long replayLsn, long caughtUpAt, double lagSeconds, long lagBytes,
                    boolean usable) {

  static ReplicaState unknown(String name) {
    return new ReplicaState(name, false, -1, Long.MIN_VALUE, Double.NaN, -1, false);
  }
}
