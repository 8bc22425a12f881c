package dev.parsec.serverinfo;

import io.vertx.core.json.JsonObject;

/**
 * What this build of Parsec serves, as /serverInfo's {@code features} states it (Parse Server's
 * FeaturesRouter shape). Parse Dashboard shows a page only when its feature is true, so each flag says
 * only what the routes here really do. Flip a flag when its routes land.
 */
public final class Features {

  /** {@code /cloud_code/jobs} (_JobSchedule) and {@code POST /jobs} with jobName: Dashboard's Jobs page. */
  static final boolean JOBS = true;
  /** {@code /scriptlog}: Dashboard's Logs page. */
  static final boolean LOGS = true;
  /** {@code /push_audiences} (_Audience): Dashboard's push Audiences page. */
  static final boolean PUSH_AUDIENCES = true;

  private Features() {
  }

  /** The features object; push sending, scheduling and its status list exist once FCM or APNs is configured. */
  public static JsonObject of(boolean pushConfigured) {
    JsonObject crud = new JsonObject().put("create", true).put("read", true).put("update", true).put("delete", true);
    JsonObject logs = new JsonObject().put("level", LOGS).put("size", LOGS).put("order", LOGS).put("until", LOGS)
        .put("from", LOGS);
    return new JsonObject()
        .put("globalConfig", crud.copy())
        .put("hooks", crud.copy())
        .put("cloudCode", new JsonObject().put("jobs", JOBS))
        .put("logs", logs)
        .put("push", new JsonObject()
            .put("immediatePush", pushConfigured)
            .put("scheduledPush", pushConfigured)
            .put("storedPushData", pushConfigured)
            .put("pushAudiences", PUSH_AUDIENCES)
            // alert-xx keys are sent as they are, never chosen per installation's locale
            .put("localization", false))
        .put("schemas", new JsonObject()
            .put("addField", true)
            .put("removeField", true)
            .put("addClass", true)
            .put("removeClass", true)
            .put("clearAllDataFromClass", true)
            // Dashboard's "export class" is a parse.com route; its CSV/JSON export of rows reads /classes and works
            .put("exportClass", false)
            .put("editClassLevelPermissions", true)
            .put("editPointerPermissions", true))
        // no /security report
        .put("settings", new JsonObject().put("securityCheck", false));
  }
}
