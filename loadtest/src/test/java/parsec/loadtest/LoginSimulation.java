package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/** POST /login: bound by the password hash's cost. */
public class LoginSimulation extends Simulation {

  {
    ParseLoad.sessionToken();
    setUp(scenario("login").forever().on(exec(http("login").post("/login")
            .body(StringBody("{\"username\":\"loaduser\",\"password\":\"load-pass-1\"}"))
            .check(status().is(200))))
        .injectClosed(constantConcurrentUsers(ParseLoad.USERS).during(Duration.ofSeconds(ParseLoad.DURATION_S))))
        .protocols(ParseLoad.protocol())
        .maxDuration(Duration.ofSeconds(ParseLoad.DURATION_S));
  }
}
