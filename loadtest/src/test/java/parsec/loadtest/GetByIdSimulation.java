package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** GET /classes/GameScore/{id} over seeded objects. */
public class GetByIdSimulation extends Simulation {

  private final List<String> ids = ParseLoad.seedScores(2000);

  {
    setUp(scenario("get by id").forever().on(
            exec(http("get")
                .get(session -> "/classes/GameScore/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())))
                .check(status().is(200))))
        .injectClosed(constantConcurrentUsers(ParseLoad.USERS).during(Duration.ofSeconds(ParseLoad.DURATION_S))))
        .protocols(ParseLoad.protocol())
        .maxDuration(Duration.ofSeconds(ParseLoad.DURATION_S));
  }
}
