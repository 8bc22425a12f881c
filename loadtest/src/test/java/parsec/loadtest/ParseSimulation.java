package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/** A closed load: the configured number of users, each sending one request after another for the configured time. */
abstract class ParseSimulation extends Simulation {

  void run(String name, ActionBuilder request) {
    setUp(scenario(name).forever().on(exec(request))
        .injectClosed(constantConcurrentUsers(ParseLoad.USERS).during(Duration.ofSeconds(ParseLoad.DURATION_S))))
        .protocols(ParseLoad.protocol())
        .maxDuration(Duration.ofSeconds(ParseLoad.DURATION_S));
  }
}
