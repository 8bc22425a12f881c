package parsec.loadtest;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyLength;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A mobile session of the leaderboard app (examples/cloud-code): sign in (or sign up), {@code /users/me},
 * subscribe over LiveQuery to one's own scores, then a few rounds of reading one's feed and saving a Score
 * (checking that its LiveQuery create event arrives), an avatar uploaded and downloaded, and the
 * {@code topScores} function. Sessions arrive as {@link MixProfile} says (ramp, spike or soak).
 *
 * <pre>
 * -Daccounts=200         players' accounts the sessions sign in as (signed up at their first session)
 * -Dcreates=3            Scores each session saves (one feed query before each)
 * -Dthink=1000           ms a player thinks between steps (each pause 0.5x to 1.5x of it)
 * -DfileSize=4096        bytes of the avatar each session uploads and downloads
 * -DcallFunction=true    false: no topScores call (against a server without the leaderboard's cloud code)
 * -DliveQueryTimeout=5000  ms a create event may take to arrive before the session counts it failed
 * -Dp99=1000             ms the 99th percentile of every request may reach; beyond it the run fails
 * -DmaxErrorPercent=1    share of failed requests (and of missed LiveQuery events) beyond which the run fails
 * </pre>
 */
public class MixSimulation extends Simulation {

  static final String EVENT_GROUP = "liveQuery create event";

  private static final int ACCOUNTS = Integer.getInteger("accounts", 200);
  private static final int CREATES = Integer.getInteger("creates", 3);
  private static final long THINK_MS = Long.getLong("think", 1000);
  private static final int FILE_SIZE = Integer.getInteger("fileSize", 4096);
  private static final boolean CALL_FUNCTION = Boolean.parseBoolean(System.getProperty("callFunction", "true"));
  private static final long EVENT_TIMEOUT_MS = Long.getLong("liveQueryTimeout", 5000);
  private static final int P99_MS = Integer.getInteger("p99", 1000);
  private static final String PASSWORD = "mix-pass-1";
  private static final String WS_URL = ParseLoad.URL.replaceFirst("^http", "ws");
  private static final byte[] AVATAR = avatar(FILE_SIZE);

  {
    MixProfile profile = MixProfile.fromProperties();
    System.out.printf("mix: profile %s, %s of sessions%n", profile.name(), profile.length());
    ChainBuilder session = exec(signIn()).exitHereIfFailed()
        .exec(http("me").get("/users/me").header("X-Parse-Session-Token", "#{token}").check(status().is(200)))
        .exec(subscribe()).exitHereIfFailed()
        .exec(repeat(CREATES).on(think(), feed(), think(), createAndHearIt()))
        .exec(think(), avatar());
    if (CALL_FUNCTION) {
      session = session.exec(think(), topScores());
    }
    session = session.exec(ws("liveQuery close").close());
    setUp(scenario("leaderboard session").exec(session).injectOpen(profile.steps()))
        .protocols(ParseLoad.protocol().wsUnmatchedInboundMessageBufferSize(64))
        // the last sessions started get time to finish
        .maxDuration(profile.length().plusSeconds(60 + CREATES * 3 * THINK_MS / 1000))
        .assertions(assertions());
  }

  @Override
  public void before() {
    // Score must exist before players save to it (clients may not create classes on Parsec by default):
    // one Score saved with the master key, when one is given.
    if (!ParseLoad.MASTER_KEY.isEmpty()) {
      ParseLoad.post("/classes/Score", "{\"player\":\"mix-seed\",\"score\":0}");
    }
  }

  private static List<Assertion> assertions() {
    return List.of(
        ParseLoad.errorBudget(),
        global().responseTime().percentile(99.0).lte(P99_MS),
        details(EVENT_GROUP).failedRequests().percent().lte(ParseLoad.MAX_ERROR_PERCENT));
  }

  /** Logs in as one of the accounts; an account's first session signs it up (a race for it logs in again). */
  private static ChainBuilder signIn() {
    return exec(session -> {
      String player = "mix" + ThreadLocalRandom.current().nextInt(ACCOUNTS);
      return session.set("player", player)
          .set("credentials", "{\"username\":\"" + player + "\",\"password\":\"" + PASSWORD + "\"}");
    })
        .exec(http("login").post("/login").body(StringBody("#{credentials}"))
            .check(status().in(200, 404), jsonPath("$.sessionToken").optional().saveAs("token")))
        .doIf(session -> !session.contains("token")).then(
            // 400 is fine when the name was just taken (202) by a session racing for the same player, not otherwise
            exec(http("signup").post("/users").body(StringBody("#{credentials}"))
                .check(status().in(201, 400), regex("\"code\"\\s*:\\s*(?!202\\b)\\d+").notExists(),
                    jsonPath("$.sessionToken").optional().saveAs("token")))
                .doIf(session -> !session.contains("token")).then(
                    exec(http("login").post("/login").body(StringBody("#{credentials}"))
                        .check(status().is(200), jsonPath("$.sessionToken").saveAs("token")))));
  }

  /** Opens the LiveQuery WebSocket, connects as the player and subscribes to the player's scores. */
  private static ChainBuilder subscribe() {
    return exec(ws("liveQuery connect").connect(WS_URL)
        .onConnected(exec(ws("liveQuery connect message").sendText(session -> "{\"op\":\"connect\",\"applicationId\":\""
            + ParseLoad.APP_ID + "\",\"sessionToken\":\"" + session.getString("token") + "\"}")
            .await(Duration.ofSeconds(5)).on(ws.checkTextMessage("connected").check(regex("\"op\"\\s*:\\s*\"connected\""))))))
        .exec(ws("liveQuery subscribe").sendText(session -> "{\"op\":\"subscribe\",\"requestId\":1,\"query\":"
            + "{\"className\":\"Score\",\"where\":{\"player\":\"" + session.getString("player") + "\"}},"
            + "\"sessionToken\":\"" + session.getString("token") + "\"}")
            .await(Duration.ofSeconds(5)).on(ws.checkTextMessage("subscribed").check(regex("\"op\"\\s*:\\s*\"subscribed\""))));
  }

  /** The player's latest scores. */
  private static ChainBuilder feed() {
    return exec(http("feed").get("/classes/Score")
        .queryParam("where", session -> "{\"player\":\"" + session.getString("player") + "\"}")
        .queryParam("order", "-createdAt").queryParam("limit", "20")
        .header("X-Parse-Session-Token", "#{token}")
        .check(status().is(200), jsonPath("$.results").exists()));
  }

  /**
   * Saves a Score and waits for its create event on the session's subscription: the group fails when
   * none arrives within the timeout (its duration in the report is the event's delay after the answer).
   */
  private static ChainBuilder createAndHearIt() {
    return exec(http("create").post("/classes/Score")
        .body(StringBody(session -> "{\"player\":\"" + session.getString("player") + "\",\"score\":"
            + ThreadLocalRandom.current().nextInt(1_000_000) + "}"))
        .header("X-Parse-Session-Token", "#{token}")
        .check(status().is(201), jsonPath("$.objectId").saveAs("created")))
        .exec(group(EVENT_GROUP).on(
            exec(session -> session.set("heard", false)
                .set("deadline", System.currentTimeMillis() + EVENT_TIMEOUT_MS))
                .asLongAs(session -> !session.getBoolean("heard") && System.currentTimeMillis() < session.getLong("deadline"))
                .on(pause(Duration.ofMillis(10)), exec(ws.processUnmatchedMessages(MixSimulation::lookForCreate)))
                .exec(session -> session.getBoolean("heard") ? session : session.markAsFailed())))
        .exec(Session::markAsSucceeded);
  }

  private static Session lookForCreate(List<WsInboundMessage> messages, Session session) {
    String id = "\"" + session.getString("created") + "\"";
    for (WsInboundMessage message : messages) {
      if (message instanceof WsInboundMessage.Text text && text.message().contains("\"create\"")
          && text.message().contains(id)) {
        return session.set("heard", true);
      }
    }
    return session;
  }

  /** The player's avatar: uploaded as the signed-in player, then downloaded whole. */
  private static ChainBuilder avatar() {
    return exec(http("file upload").post("/files/avatar.txt").header("Content-Type", "text/plain")
        .header("X-Parse-Session-Token", "#{token}").body(ByteArrayBody(AVATAR))
        .check(status().is(201), jsonPath("$.name").saveAs("file")))
        .exec(http("file download").get("/files/" + ParseLoad.APP_ID + "/#{file}")
            .check(status().is(200), bodyLength().is(FILE_SIZE)));
  }

  /** The leaderboard's cloud function: the ten best scores. */
  private static ChainBuilder topScores() {
    return exec(http("function topScores").post("/functions/topScores").body(StringBody("{\"limit\":10}"))
        .header("X-Parse-Session-Token", "#{token}")
        .check(status().is(200), jsonPath("$.result").exists()));
  }

  private static ChainBuilder think() {
    return exec(pause(Duration.ofMillis(THINK_MS / 2), Duration.ofMillis(THINK_MS * 3 / 2)));
  }

  private static byte[] avatar(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'a');
    byte[] line = "leaderboard avatar\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(line, 0, bytes, 0, Math.min(line.length, size));
    return bytes;
  }
}
