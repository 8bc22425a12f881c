package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** POST /login: bound by the password hash's cost. */
public class LoginSimulation extends ParseSimulation {

  {
    ParseLoad.sessionToken();
    run("login", http("login").post("/login")
        .body(StringBody("{\"username\":\"loaduser\",\"password\":\"load-pass-1\"}"))
        .check(status().is(200)));
  }
}
