package dev.parsec.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a cloud code module's jar from its sources, as its own Maven build would (src/main/java compiled
 * for Java 17, src/main/resources copied), without running Maven: javac against the test class path, which
 * holds Parsec's cloud API.
 */
public final class CloudCodeJar {

  private CloudCodeJar() {
  }

  /** Compiles the module at moduleDir and writes its jar, named name.jar, into the folder into. */
  public static Path build(Path moduleDir, Path into, String name) {
    try {
      Path classes = Files.createTempDirectory("cloud-code-classes");
      compile(sources(moduleDir.resolve("src/main/java")), classes);
      Path jar = into.resolve(name + ".jar");
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
        add(out, classes);
        Path resources = moduleDir.resolve("src/main/resources");
        if (Files.isDirectory(resources)) {
          add(out, resources);
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> sources(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).sorted().toList();
    }
  }

  private static void compile(List<String> sources, Path classes) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> arguments = new ArrayList<>(List.of("--release", "17", "-proc:none", "-Xlint:all,-path,-processing", "-Werror",
        "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
    arguments.addAll(sources);
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    int exit = javac.run(null, messages, messages, arguments.toArray(String[]::new));
    if (exit != 0) {
      throw new IllegalStateException("the module does not compile:\n" + messages.toString(StandardCharsets.UTF_8));
    }
  }

  private static void add(JarOutputStream jar, Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        jar.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, jar);
        jar.closeEntry();
      }
    }
  }
}
