package parsec.loadtest;

import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** GET /classes/GameScore/{id} over seeded objects. */
public class GetByIdSimulation extends ParseSimulation {

  private final List<String> ids = ParseLoad.seedScores(2000);

  {
    run("get by id", http("get")
        .get(session -> "/classes/GameScore/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())))
        .check(status().is(200)));
  }
}
