package dev.parsec.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Cloud code: the folder of module jars (unset: only modules on Parsec's class path), and how long a call may take. */
public record CloudSettings(Optional<Path> codeDir, Duration functionTimeout) {
}
