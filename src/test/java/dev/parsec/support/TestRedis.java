package dev.parsec.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/** The Redis tests use: PARSEC_TEST_REDIS_URL when set, otherwise one embedded server for the whole run. */
public final class TestRedis {

  private static String url;

  private TestRedis() {
  }

  public static synchronized String url() {
    if (url == null) {
      String given = System.getenv("PARSEC_TEST_REDIS_URL");
      if (given != null && !given.isBlank()) {
        url = given;
      } else {
        try {
          int port = TestNodes.freePort();
          RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
              .setting("save \"\"").setting("appendonly no").build();
          server.start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              server.stop();
            } catch (IOException e) {
              // the JVM is exiting anyway
            }
          }));
          url = "redis://127.0.0.1:" + port;
        } catch (IOException e) {
          throw new UncheckedIOException("embedded Redis could not start", e);
        }
      }
    }
    return url;
  }
}
