package dev.parsec.cloud;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** A cloud code module for the tests, found on the test class path like a module jar would be. */
public final class TestFunctions implements CloudCode {

  @Override
  public void define(Cloud cloud) {
    cloud.define("hello", request -> "Hello " + request.params().getString("name", "you"))
        .define("whoami", request -> Map.of("user", request.userId() == null ? "nobody" : request.userId(),
            "master", request.master(), "thread", Thread.currentThread().getName()))
        .define("fails", request -> {
          throw new IllegalArgumentException("no stock for " + request.params().getString("item"));
        })
        .define("slow", request -> {
          Thread.sleep(6_000); // a worker thread may block
          return new JsonObject().put("done", true);
        });
  }
}
