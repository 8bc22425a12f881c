package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;

/**
 * GET /users/me with a session token (../shared/bench me.lua): the session lookup every signed-in
 * request makes. The user is signed up (or logged in) before the load.
 */
public class MeSimulation extends Simulation {

  /** Filled by {@link #before()}. */
  private volatile String token = "";

  {
    setUp(ParseLoad.load("me", exec(http("me").get("/users/me")
            .header("X-Parse-Session-Token", session -> token)
            .check(status().is(200)))))
        .protocols(ParseLoad.protocol())
        .maxDuration(ParseLoad.maxDuration())
        .assertions(ParseLoad.errorBudget());
  }

  @Override
  public void before() {
    token = ParseLoad.sessionToken();
  }
}
