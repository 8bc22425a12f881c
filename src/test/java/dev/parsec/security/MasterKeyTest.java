package dev.parsec.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The master key is accepted only from the configured networks")
class MasterKeyTest {

  @Test
  @DisplayName("from outside master_key_ips the master key gets 403, a wrong master key is just a client")
  void masterKeyOnlyFromAllowedNetworks() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("master_key_ips", "10.0.0.0/8");
    Node node = TestNodes.start(settings);
    try {
      Api.Response refused = Api.at(node.config().port()).asMaster().post("/parse/classes/Anything", new JsonObject().put("a", 1));
      assertEquals(403, refused.status());
      assertEquals(new JsonObject().put("error", "unauthorized"), refused.json());
      Api.Response wrongKey = Api.at(node.config().port()).header("X-Parse-Master-Key", "not-the-master-key")
          .post("/parse/classes/Anything", new JsonObject().put("a", 1));
      assertEquals(119, wrongKey.json().getInteger("code"), "treated as a client, which may not create classes");
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("behind a load balancer on this machine, the master key is judged by the client's address, not the proxy's")
  void masterKeyThroughLocalProxy() {
    Node node = TestNodes.start(TestNodes.settings(TestDatabases.fresh()));
    try {
      Api master = Api.at(node.config().port()).asMaster();
      JsonObject body = new JsonObject().put("a", 1);
      Api.Response remote = master.header("X-Forwarded-For", "203.0.113.9").post("/parse/classes/Anything", body);
      assertEquals(403, remote.status(), "a remote client behind the local proxy");
      Api.Response forged = master.header("X-Forwarded-For", "127.0.0.1, 203.0.113.9").post("/parse/classes/Anything", body);
      assertEquals(403, forged.status(), "an address the client wrote itself is not believed");
      assertEquals(201, master.post("/parse/classes/Anything", body).status(), "a local caller with no proxy in between");
    } finally {
      node.stop();
    }
  }
}
