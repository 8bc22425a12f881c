package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/** GET /users/me with a session token (the session lookup every authenticated request makes). */
public class MeSimulation extends Simulation {

  {
    String token = ParseLoad.sessionToken();
    setUp(scenario("me").forever().on(exec(http("me").get("/users/me").header("X-Parse-Session-Token", token)
            .check(status().is(200))))
        .injectClosed(constantConcurrentUsers(ParseLoad.USERS).during(Duration.ofSeconds(ParseLoad.DURATION_S))))
        .protocols(ParseLoad.protocol())
        .maxDuration(Duration.ofSeconds(ParseLoad.DURATION_S));
  }
}
