package dev.parsec.support;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Real users signed up through /users, for tests that act as a signed-in caller. */
public final class TestUsers {

  private TestUsers() {
  }

  /** Signs up a new user on the node and answers its session token. */
  public static String signUp(int port) {
    String name = "user-" + UUID.randomUUID().toString().substring(0, 8);
    Api.Response created = Api.at(port).post("/parse/users",
        new JsonObject().put("username", name).put("password", "pass-" + name));
    if (created.status() != 201) {
      throw new IllegalStateException("signup failed: " + created);
    }
    return created.json().getString("sessionToken");
  }
}
