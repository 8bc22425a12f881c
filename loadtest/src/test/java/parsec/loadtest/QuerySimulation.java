package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** A score window query, ordered and limited, as ../shared/bench/query.lua sends it. */
public class QuerySimulation extends Simulation {

  {
    ParseLoad.seedScores(2000);
    setUp(scenario("query").forever().on(exec(http("query").get(session -> {
              int lo = ThreadLocalRandom.current().nextInt(1800);
              String where = "{\"score\":{\"$gte\":" + lo + ",\"$lt\":" + (lo + 200) + "}}";
              return "/classes/GameScore?where=" + URLEncoder.encode(where, StandardCharsets.UTF_8) + "&order=-score&limit=20";
            }).check(status().is(200))))
        .injectClosed(constantConcurrentUsers(ParseLoad.USERS).during(Duration.ofSeconds(ParseLoad.DURATION_S))))
        .protocols(ParseLoad.protocol())
        .maxDuration(Duration.ofSeconds(ParseLoad.DURATION_S));
  }
}
