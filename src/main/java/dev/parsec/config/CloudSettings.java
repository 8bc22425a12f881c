package dev.parsec.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Cloud code: the folder of module jars (unset: only modules on Parsec's class path), how long a
 * function call may take, how long a worker's hold on a job lasts unless renewed, how often workers
 * look for jobs besides being told of new ones, how many jobs a node runs at once, the jobs the
 * cluster starts on its own, and the key sent to webhooks (X-Parse-Webhook-Key) so they can tell
 * Parsec's calls from others; and how many recent log lines (and bytes of them) each node keeps in memory
 * for /scriptlog.
 */
public record CloudSettings(Optional<Path> codeDir, Duration functionTimeout, Duration jobLease, Duration jobPollInterval,
                            int jobConcurrency, List<JobSchedule> jobSchedules, Optional<String> webhookKey,
                            int logBufferLines, long logBufferSize) {

  /** The webhook key stays out of logs. */
  @Override
  public String toString() {
    return "CloudSettings[codeDir=" + codeDir + ", functionTimeout=" + functionTimeout + ", jobLease=" + jobLease
        + ", jobPollInterval=" + jobPollInterval + ", jobConcurrency=" + jobConcurrency + ", jobSchedules=" + jobSchedules + ", webhookKey="
        + (webhookKey.isPresent() ? "set" : "unset") + ", logBufferLines=" + logBufferLines + ", logBufferSize=" + logBufferSize + "]";
  }
}
