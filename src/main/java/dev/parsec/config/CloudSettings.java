package dev.parsec.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Cloud code: the folder of module jars (unset: only modules on Parsec's class path), how long a
 * function call may take, how long a worker's hold on a job lasts unless renewed, and how often
 * workers look for jobs besides being told of new ones (and for scheduled runs that are due).
 */
public record CloudSettings(Optional<Path> codeDir, Duration functionTimeout, Duration jobLease, Duration jobPollInterval,
                            List<JobSchedule> jobSchedules) {
}
