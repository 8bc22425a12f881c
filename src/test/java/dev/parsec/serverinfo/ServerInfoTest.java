package dev.parsec.serverinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** GET /serverInfo, which Parse Dashboard asks first: what Parsec serves, for the master key only. */
class ServerInfoTest {

  @Test
  void answersTheFeaturesAndVersionsToTheMasterKeyOnly() {
    Node node = TestNodes.startReady(TestNodes.settings(TestDatabases.fresh()));
    try {
      Api client = Api.at(node.config().port());
      Api.Response refused = client.get("/parse/serverInfo");
      assertEquals(403, refused.status(), refused.toString());
      assertEquals("unauthorized: master key is required", refused.json().getString("error"));

      Api.Response info = client.asMaster().get("/parse/serverInfo");
      assertEquals(200, info.status(), info.toString());
      JsonObject body = info.json();
      assertEquals(ServerInfoApi.PARSE_SERVER_VERSION, body.getString("parseServerVersion"));
      assertNotEquals("unknown", body.getString("parsecVersion"), "the build wrote Parsec's version");
      JsonObject features = body.getJsonObject("features");
      JsonObject schemas = features.getJsonObject("schemas");
      for (String key : new String[] {"addField", "removeField", "addClass", "removeClass", "clearAllDataFromClass",
          "editClassLevelPermissions", "editPointerPermissions"}) {
        assertTrue(schemas.getBoolean(key), key);
      }
      assertTrue(features.getJsonObject("globalConfig").getBoolean("update"));
      assertTrue(features.getJsonObject("hooks").getBoolean("create"));
      // no FCM or APNs configured: nothing to send with
      assertFalse(features.getJsonObject("push").getBoolean("immediatePush"));
    } finally {
      node.stop();
    }
  }
}
