package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * POST /login (../shared/bench login.lua): bound by the password hash's cost, so expect tens of
 * requests per second per core, not thousands. Each login creates a session.
 */
public class LoginSimulation extends ParseSimulation {

  {
    run("login", http("login").post("/login").body(StringBody(ParseLoad.USER_BODY)).check(status().is(200)));
  }

  @Override
  public void before() {
    ParseLoad.sessionToken(); // signs the user up when it does not exist yet
  }
}
