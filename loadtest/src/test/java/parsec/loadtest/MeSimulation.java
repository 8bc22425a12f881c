package parsec.loadtest;

import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** GET /users/me with a session token (the session lookup every authenticated request makes). */
public class MeSimulation extends ParseSimulation {

  {
    String token = ParseLoad.sessionToken();
    run("me", http("me").get("/users/me").header("X-Parse-Session-Token", token).check(status().is(200)));
  }
}
