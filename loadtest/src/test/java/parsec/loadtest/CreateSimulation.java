package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** POST /classes/GameScore. */
public class CreateSimulation extends Simulation {

  private final AtomicLong n = new AtomicLong();

  {
    ParseLoad.seedScores(1);
    setUp(scenario("create").forever().on(exec(http("create").post("/classes/GameScore")
            .body(StringBody(session -> {
              long i = n.incrementAndGet();
              return "{\"score\":" + (i % 10000) + ",\"playerName\":\"load" + i + "\",\"cheatMode\":false}";
            }))
            .check(status().is(201))))
        .injectClosed(constantConcurrentUsers(ParseLoad.USERS).during(Duration.ofSeconds(ParseLoad.DURATION_S))))
        .protocols(ParseLoad.protocol())
        .maxDuration(Duration.ofSeconds(ParseLoad.DURATION_S));
  }
}
