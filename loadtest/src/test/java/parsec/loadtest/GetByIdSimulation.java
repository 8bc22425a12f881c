package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** GET /classes/GameScore/{id} over the seeded objects (../shared/bench get.lua). */
public class GetByIdSimulation extends Simulation {

  /** Filled by {@link #before()}, read by the requests. */
  private volatile List<String> ids = List.of();

  {
    setUp(ParseLoad.load("get", exec(http("get")
            .get(session -> "/classes/GameScore/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())))
            .check(status().is(200)))))
        .protocols(ParseLoad.protocol())
        .maxDuration(ParseLoad.maxDuration())
        .assertions(ParseLoad.errorBudget());
  }

  @Override
  public void before() {
    ids = ParseLoad.seedScores(ParseLoad.SEED);
  }
}
