package parsec.loadtest;

import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** GET /classes/GameScore/{id}, a random seeded object each time (../shared/bench get.lua). */
public class GetByIdSimulation extends ParseSimulation {

  /** Filled by {@link #before()}, read by the requests. */
  private volatile List<String> ids = List.of();

  {
    run("get by id", http("get")
        .get(session -> "/classes/GameScore/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())))
        .check(status().is(200)));
  }

  @Override
  public void before() {
    ids = ParseLoad.seedScores(ParseLoad.SEED);
  }
}
