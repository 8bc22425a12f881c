package dev.parsec.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the cloud code modules: in the jars of cloud_code_dir, and on Parsec's own class path. */
final class CloudModules {

  private static final Logger LOG = LoggerFactory.getLogger(CloudModules.class);

  private CloudModules() {
  }

  static Cloud load(Optional<Path> dir) {
    ClassLoader loader = dir.map(CloudModules::jarsIn).orElse(CloudModules.class.getClassLoader());
    Cloud cloud = new Cloud();
    for (CloudCode module : ServiceLoader.load(CloudCode.class, loader)) {
      module.define(cloud);
      LOG.info("cloud code {} loaded", module.getClass().getName());
    }
    return cloud;
  }

  private static ClassLoader jarsIn(Path dir) {
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cloud_code_dir " + dir, e);
    }
    return new URLClassLoader(jars.toArray(URL[]::new), CloudModules.class.getClassLoader());
  }
}
