package dev.parsec.cloud;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cloud code module for the adversarial probes (CloudProbeTest): triggers that try, with the caller's data, what
 * the caller might not be allowed through REST (on finds with the header X-Probe), and record how each attempt ended ("ok" or the Parse error code).
 */
public final class ProbeFunctions implements CloudCode {

  /** How each attempt of the last ProbeKeys find ended, by attempt. */
  public static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();

  @Override
  public void define(Cloud cloud) {
    cloud.beforeFind("ProbeKeys", request -> {
      if (!request.headers().containsKey("x-probe")) {
        return null; // the test's own reads
      }
      Data data = request.data();
      attempt("saveConfig", data.saveConfig(new JsonObject().put("probed", true)));
      attempt("save", data.save("ProbeKeys", new JsonObject().put("by", "trigger")));
      attempt("deleteFile", data.deleteFile("probe-no-such-file.txt"));
      attempt("config", data.config());
      return null;
    });
  }

  private static void attempt(String name, Future<?> outcome) {
    try {
      outcome.await();
      OUTCOMES.put(name, "ok");
    } catch (ParseError e) {
      OUTCOMES.put(name, String.valueOf(e.code()));
    } catch (RuntimeException e) {
      OUTCOMES.put(name, e.getClass().getSimpleName());
    }
  }
}
