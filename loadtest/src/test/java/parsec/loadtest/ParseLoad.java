package parsec.loadtest;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every scenario shares: the server under test and how long and hard to load it, from system
 * properties (-Dparsec.url, -Dparsec.appId, -Dparsec.masterKey, -Dusers, -Dduration), and the
 * seeding that runs before the load through the REST API.
 */
final class ParseLoad {

  static final String URL = System.getProperty("parsec.url", "http://127.0.0.1:1337/parse");
  static final String APP_ID = System.getProperty("parsec.appId", "parsec");
  static final String MASTER_KEY = System.getProperty("parsec.masterKey", "");
  static final int USERS = Integer.getInteger("users", 32);
  static final int DURATION_S = Integer.getInteger("duration", 30);

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Pattern OBJECT_ID = Pattern.compile("\"objectId\":\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"sessionToken\":\"([^\"]+)\"");

  private ParseLoad() {
  }

  static HttpProtocolBuilder protocol() {
    return http.baseUrl(URL)
        .header("X-Parse-Application-Id", APP_ID)
        .contentTypeHeader("application/json")
        .acceptHeader("application/json")
        .shareConnections();
  }

  /** Creates GameScore objects in batches of 50 and answers their ids. */
  static List<String> seedScores(int count) {
    List<String> ids = new ArrayList<>();
    for (int start = 0; start < count; start += 50) {
      StringBuilder body = new StringBuilder("{\"requests\":[");
      for (int i = start; i < Math.min(count, start + 50); i++) {
        body.append(i > start ? "," : "").append("{\"method\":\"POST\",\"path\":\"").append(URI.create(URL).getPath())
            .append("/classes/GameScore\",\"body\":{\"score\":").append(i).append(",\"playerName\":\"p").append(i)
            .append("\",\"cheatMode\":false}}");
      }
      Matcher m = OBJECT_ID.matcher(post("/batch", body.append("]}").toString()));
      while (m.find()) {
        ids.add(m.group(1));
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalStateException("seeding created nothing: is class creation allowed, or -Dparsec.masterKey set?");
    }
    return ids;
  }

  /** Signs up the load user if needed and answers a session token. */
  static String sessionToken() {
    String user = "{\"username\":\"loaduser\",\"password\":\"load-pass-1\"}";
    post("/users", user);
    Matcher m = TOKEN.matcher(post("/login", user));
    if (!m.find()) {
      throw new IllegalStateException("login failed: does the server serve /users and /login?");
    }
    return m.group(1);
  }

  static String post(String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + path))
        .header("X-Parse-Application-Id", APP_ID).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!MASTER_KEY.isEmpty()) {
      request.header("X-Parse-Master-Key", MASTER_KEY);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach " + URL + ": " + e.getMessage(), e);
    }
  }
}
