package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.concurrent.atomic.AtomicLong;

/** POST /classes/GameScore. */
public class CreateSimulation extends ParseSimulation {

  private final AtomicLong n = new AtomicLong();

  {
    ParseLoad.seedScores(1);
    run("create", http("create").post("/classes/GameScore")
        .body(StringBody(session -> {
          long i = n.incrementAndGet();
          return "{\"score\":" + (i % 10000) + ",\"playerName\":\"load" + i + "\",\"cheatMode\":false}";
        }))
        .check(status().is(201)));
  }
}
