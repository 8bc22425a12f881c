package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Account lockout: after N failed logins an account refuses logins for a while")
class AccountLockoutTest {

  private static Api.Response login(Api api, String user, String password) {
    return api.post("/parse/login", new JsonObject().put("username", user).put("password", password));
  }

  @Test
  @DisplayName("three failures lock the account, even for the right password; a success in between resets the count")
  void lockoutAfterThreshold() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("account_lockout_threshold", "3");
    settings.put("account_lockout_duration", "10");
    Node node = TestNodes.start(settings);
    try {
      Api api = Api.at(node.config().port());
      for (String user : new String[] {"victim", "careful"}) {
        assertEquals(201, api.post("/parse/users", new JsonObject().put("username", user).put("password", "right-one")).status());
      }
      for (int i = 0; i < 3; i++) {
        assertEquals("Invalid username/password.", login(api, "victim", "wrong").json().getString("error"));
      }
      Api.Response locked = login(api, "victim", "right-one");
      assertEquals(101, locked.json().getInteger("code"));
      assertTrue(locked.json().getString("error").startsWith("Your account is locked"), locked.text());

      login(api, "careful", "wrong");
      login(api, "careful", "wrong");
      assertEquals(200, login(api, "careful", "right-one").status());
      login(api, "careful", "wrong");
      login(api, "careful", "wrong");
      assertEquals(200, login(api, "careful", "right-one").status(), "the success reset the count");

      assertEquals("Invalid username/password.", login(api, "nobody", "wrong").json().getString("error"),
          "unknown users are not locked nor told apart");
    } finally {
      node.stop();
    }
  }
}
