package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.stressPeakUsers;

import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How mobile sessions arrive in the mix (an open model: a new session starts on schedule whatever the
 * server's latency, as devices do). Read from system properties, with defaults per profile:
 *
 * <pre>
 * -Dprofile=ramp   sessions/s rise from 1 to -Dsessions over -Dramp s (60), then hold for -Dduration s (60)
 * -Dprofile=spike  -Dsessions/s for -Dduration/2 s, then -DspikeSessions more sessions (100) started within
 *                  -DspikeSeconds (5), then -Dsessions/s for -Dduration/2 s again (duration 60)
 * -Dprofile=soak   -Dsessions/s for -Dduration s (1800)
 * -Dsessions       new sessions per second at the steady rate (default 2)
 * </pre>
 */
record MixProfile(String name, List<OpenInjectionStep> steps, Duration length) {

  static MixProfile fromProperties() {
    String name = System.getProperty("profile", "ramp").toLowerCase(Locale.ROOT);
    double sessions = Double.parseDouble(System.getProperty("sessions", "2"));
    if (!(sessions > 0)) {
      throw new IllegalArgumentException("-Dsessions must be a positive number of sessions per second");
    }
    switch (name) {
      case "ramp" -> {
        int ramp = Integer.getInteger("ramp", 60);
        int hold = Integer.getInteger("duration", 60);
        return new MixProfile(name, List.of(
            rampUsersPerSec(Math.min(1, sessions)).to(sessions).during(Duration.ofSeconds(ramp)),
            constantUsersPerSec(sessions).during(Duration.ofSeconds(hold))), Duration.ofSeconds(ramp + hold));
      }
      case "spike" -> {
        int half = Math.max(1, Integer.getInteger("duration", 60) / 2);
        int peak = Integer.getInteger("spikeSessions", 100);
        int peakSeconds = Integer.getInteger("spikeSeconds", 5);
        return new MixProfile(name, List.of(
            constantUsersPerSec(sessions).during(Duration.ofSeconds(half)),
            stressPeakUsers(peak).during(Duration.ofSeconds(peakSeconds)),
            constantUsersPerSec(sessions).during(Duration.ofSeconds(half))),
            Duration.ofSeconds(2L * half + peakSeconds));
      }
      case "soak" -> {
        int hold = Integer.getInteger("duration", 1800);
        return new MixProfile(name, List.of(constantUsersPerSec(sessions).during(Duration.ofSeconds(hold))),
            Duration.ofSeconds(hold));
      }
      default -> throw new IllegalArgumentException("-Dprofile must be ramp, spike or soak, not " + name);
    }
  }
}
