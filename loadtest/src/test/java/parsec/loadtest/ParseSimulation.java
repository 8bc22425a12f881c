package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * What every scenario shares: one request repeated under the configured load (closed model with
 * -Dusers, or open with -Drate; see {@link ParseLoad}), for the configured time, failing the run
 * beyond the error budget. Seeding belongs in {@link #before()}, which runs before the load starts.
 */
abstract class ParseSimulation extends Simulation {

  void run(String name, ActionBuilder request) {
    setUp(ParseLoad.load(name, exec(request)))
        .protocols(ParseLoad.protocol())
        .maxDuration(ParseLoad.maxDuration())
        .assertions(ParseLoad.errorBudget());
  }
}
