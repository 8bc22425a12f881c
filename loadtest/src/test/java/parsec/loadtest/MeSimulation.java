package parsec.loadtest;

import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * GET /users/me with a session token (../shared/bench me.lua): the session lookup every signed-in
 * request makes. The user is signed up, or logged in, before the load.
 */
public class MeSimulation extends ParseSimulation {

  /** Filled by {@link #before()}, read by the requests. */
  private volatile String token = "";

  {
    run("me", http("me").get("/users/me").header("X-Parse-Session-Token", session -> token).check(status().is(200)));
  }

  @Override
  public void before() {
    token = ParseLoad.sessionToken();
  }
}
