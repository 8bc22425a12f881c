package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every scenario shares: the server under test and the load's shape, read from system
 * properties, and the seeding that runs before the load through the REST API.
 *
 * <pre>
 * -Dparsec.url        the Parse API, with its mount path (default http://127.0.0.1:1337/parse)
 * -Dparsec.appId      X-Parse-Application-Id (default parsec)
 * -Dparsec.masterKey  sent by the seeding calls only, never by the load (default: none)
 * -Dusers             concurrent virtual users, each sending requests back to back (default 32)
 * -Drate              if set: an open model instead, this many requests per second
 * -Dduration          seconds of steady load (default 30)
 * -Dramp              seconds to ramp up to users (or rate) before that (default 0)
 * -Dseed              GameScore objects created before get and query (default 10000, as ../shared/bench)
 * -DmaxErrorPercent   the run fails when more requests than this fail (default 1)
 * </pre>
 */
final class ParseLoad {

  static final String URL = stripSlash(System.getProperty("parsec.url", "http://127.0.0.1:1337/parse"));
  static final String APP_ID = System.getProperty("parsec.appId", "parsec");
  static final String MASTER_KEY = System.getProperty("parsec.masterKey", "");
  static final int USERS = Integer.getInteger("users", 32);
  static final double RATE = Double.parseDouble(System.getProperty("rate", "0"));
  static final int DURATION_S = Integer.getInteger("duration", 30);
  static final int RAMP_S = Integer.getInteger("ramp", 0);
  static final int SEED = Integer.getInteger("seed", 10000);
  static final double MAX_ERROR_PERCENT = Double.parseDouble(System.getProperty("maxErrorPercent", "1"));

  /** The user the me and login scenarios sign in as (signed up when missing). */
  static final String USER_BODY = "{\"username\":\"loaduser\",\"password\":\"load-pass-1\"}";

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern OBJECT_ID = Pattern.compile("\"objectId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"sessionToken\"\\s*:\\s*\"([^\"]+)\"");
  /** Seeding requests in flight at once, as ../shared/bench/bench.sh (xargs -P 16). */
  private static final int SEED_CONCURRENCY = 16;

  private ParseLoad() {
  }

  /** Every request of the load carries the application id and a JSON content type. */
  static HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol = http.baseUrl(URL)
        .header("X-Parse-Application-Id", APP_ID)
        .contentTypeHeader("application/json")
        .acceptHeader("application/json")
        // Gatling's default warm-up request goes to an outside site: warm up on the target instead
        // (any answer will do).
        .warmUp(URL + "/health");
    // Closed model: each virtual user keeps its own keep-alive connection, as wrk -c N does.
    // Open model: users live for one request, so they share a pool instead of connecting each time.
    return RATE > 0 ? protocol.shareConnections() : protocol;
  }

  /**
   * The load: one scenario that repeats {@code request}, either as {@link #USERS} users looping
   * for the duration (closed model, the default) or as {@link #RATE} requests per second (open).
   */
  static PopulationBuilder load(String name, ChainBuilder request) {
    Duration ramp = Duration.ofSeconds(RAMP_S);
    Duration steady = Duration.ofSeconds(DURATION_S);
    if (RATE > 0) {
      ScenarioBuilder once = scenario(name).exec(request);
      List<OpenInjectionStep> steps = new ArrayList<>();
      if (RAMP_S > 0) {
        steps.add(rampUsersPerSec(1).to(RATE).during(ramp));
      }
      steps.add(constantUsersPerSec(RATE).during(steady));
      return once.injectOpen(steps);
    }
    ScenarioBuilder looping = scenario(name).forever().on(request);
    List<ClosedInjectionStep> steps = new ArrayList<>();
    if (RAMP_S > 0) {
      steps.add(rampConcurrentUsers(1).to(USERS).during(ramp));
    }
    steps.add(constantConcurrentUsers(USERS).during(steady));
    return looping.injectClosed(steps);
  }

  /** How long a run may last: the forever loops of the closed model end here. */
  static Duration maxDuration() {
    return Duration.ofSeconds(RAMP_S + DURATION_S);
  }

  /** The run fails (and so does mvn) when too many requests failed. */
  static Assertion errorBudget() {
    return global().failedRequests().percent().lte(MAX_ERROR_PERCENT);
  }

  /**
   * Creates {@code count} GameScore objects with single POSTs (the batch endpoint is not used,
   * as in ../shared/bench: some servers break on it) and answers their ids. The first one is
   * created alone, so that the class exists before the others race to create it.
   */
  static List<String> seedScores(int count) {
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    if (count <= 0) {
      return ids;
    }
    String first = post("/classes/GameScore", scoreBody(0));
    Matcher m = OBJECT_ID.matcher(first);
    if (!m.find()) {
      throw new IllegalStateException("seeding failed: " + first.strip()
          + " (is client class creation allowed, or -Dparsec.masterKey set and accepted from this address?)");
    }
    ids.add(m.group(1));
    Semaphore inFlight = new Semaphore(SEED_CONCURRENCY);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      inFlight.acquireUninterruptibly();
      all.add(CLIENT.sendAsync(request("/classes/GameScore", scoreBody(i)), HttpResponse.BodyHandlers.ofString())
          .thenAccept(response -> {
            Matcher id = OBJECT_ID.matcher(response.body());
            if (id.find()) {
              ids.add(id.group(1));
            }
          })
          .whenComplete((ok, error) -> inFlight.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    if (ids.size() < count) {
      System.err.printf("seeding: %d of %d GameScore objects created%n", ids.size(), count);
    } else {
      System.out.printf("seeding: %d GameScore objects created%n", ids.size());
    }
    return new ArrayList<>(ids);
  }

  /** Signs up the load user when it does not exist yet, logs in and answers the session token. */
  static String sessionToken() {
    post("/users", USER_BODY); // fails harmlessly when the user already exists
    String login = post("/login", USER_BODY);
    Matcher m = TOKEN.matcher(login);
    if (!m.find()) {
      throw new IllegalStateException("login failed: " + login.strip() + " (does the server serve /users and /login?)");
    }
    return m.group(1);
  }

  private static String scoreBody(int i) {
    return "{\"score\":" + i + ",\"playerName\":\"p" + i + "\",\"cheatMode\":false}";
  }

  private static HttpRequest request(String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + path))
        .timeout(Duration.ofSeconds(30))
        .header("X-Parse-Application-Id", APP_ID)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!MASTER_KEY.isEmpty()) {
      request.header("X-Parse-Master-Key", MASTER_KEY);
    }
    return request.build();
  }

  static String post(String path, String body) {
    try {
      return CLIENT.send(request(path, body), HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach " + URL + ": " + e, e);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
