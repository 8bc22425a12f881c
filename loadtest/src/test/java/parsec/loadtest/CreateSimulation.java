package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.concurrent.atomic.AtomicLong;

/** POST /classes/GameScore (../shared/bench create.lua): every request is a committed insert. */
public class CreateSimulation extends ParseSimulation {

  private final AtomicLong n = new AtomicLong();

  {
    run("create", http("create").post("/classes/GameScore")
        .body(StringBody(session -> {
          long i = n.incrementAndGet();
          return "{\"score\":" + (i % 10000) + ",\"playerName\":\"load" + i + "\",\"cheatMode\":false}";
        }))
        .check(status().is(201)));
  }

  @Override
  public void before() {
    // one object, so that the class exists: the load itself runs without the master key
    ParseLoad.seedScores(1);
  }
}
