package dev.parsec.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An S3-compatible server for tests: S3Proxy (Maven copies its jar to target/s3proxy), run as its own
 * process, keeping objects as files under a temporary directory. It checks every request's Signature
 * V4 against its one access key, as S3 does.
 */
public final class LocalS3Server implements AutoCloseable {

  public static final String BUCKET = "parsec-files";

  private final Path root;
  private final Process process;
  private final int port;
  private final String accessKey = "parsec-" + UUID.randomUUID().toString().substring(0, 8);
  private final String secretKey = UUID.randomUUID().toString();

  public LocalS3Server() {
    try {
      root = Files.createTempDirectory("parsec-s3");
      Files.createDirectories(root.resolve("data").resolve(BUCKET));
      port = TestNodes.freePort();
      Path properties = root.resolve("s3proxy.conf");
      Files.writeString(properties, String.join("\n",
          "s3proxy.endpoint=http://127.0.0.1:" + port,
          "s3proxy.authorization=aws-v4",
          "s3proxy.identity=" + accessKey,
          "s3proxy.credential=" + secretKey,
          "jclouds.provider=filesystem",
          "jclouds.filesystem.basedir=" + root.resolve("data"),
          "jclouds.identity=local",
          "jclouds.credential=local"));
      Path jar = Path.of("target", "s3proxy", "s3proxy.jar");
      if (!Files.exists(jar)) {
        throw new IllegalStateException(jar + " is missing: Maven copies it in generate-test-resources");
      }
      process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
          .redirectErrorStream(true).redirectOutput(root.resolve("s3proxy.log").toFile()).start();
      awaitListening();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The settings that point a node's file store at this server. */
  public Map<String, String> settings() {
    return Map.of("files_adapter", "s3", "s3_endpoint", "http://127.0.0.1:" + port, "s3_bucket", BUCKET,
        "s3_path_style", "true", "s3_access_key", accessKey, "s3_secret_key", secretKey);
  }

  /** How many objects the bucket holds. */
  public long objects() {
    try (Stream<Path> files = Files.walk(root.resolve("data").resolve(BUCKET))) {
      return files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() throws IOException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy stopped: " + Files.readString(root.resolve("s3proxy.log")));
      }
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("S3Proxy did not listen on " + port + " within a minute");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
