package dev.parsec.livequery;

import dev.parsec.access.Access;
import dev.parsec.access.CallKeys;
import dev.parsec.access.ClientAddress;
import dev.parsec.access.Identify;
import dev.parsec.access.MasterKey;
import dev.parsec.access.RoleNames;
import dev.parsec.access.SessionLookup;
import dev.parsec.cloud.LiveQueryTriggers;
import dev.parsec.config.ParsecConfig;
import dev.parsec.error.ParseException;
import dev.parsec.writes.ChangeFeed;
import dev.parsec.query.FindQuery;
import dev.parsec.replicas.ReadRouting;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.security.Grant;
import dev.parsec.security.HiddenFields;
import dev.parsec.security.Operation;
import dev.parsec.security.Permissions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parse LiveQuery protocol on one event loop's WebSockets. Every node's server receives every
 * change once (published by {@link ChangeFeed} on the clustered event bus) and sends it to its own
 * subscribers whose query matches, as create, enter, update, leave or delete, and whose ACL lets them
 * read the object.
 */
public final class LiveQueryServer {

  /** Messages a connection may have waiting for the one before to be handled. */
  private static final int MAX_WAITING = 256;
  private static final Logger LOG = LoggerFactory.getLogger(LiveQueryServer.class);

  private static final int MAX_SUBSCRIPTIONS = 100;
  private static final int WRITE_QUEUE_BYTES = 1024 * 1024;
  private static final long PING_MILLIS = 30_000;
  /**
   * Each connection is pinged in one of this many rounds spread over the interval: pinging 10,000
   * connections at once would put 10,000 frames (and their pongs) ahead of whatever event comes next.
   */
  private static final int PING_ROUNDS = 30;
  /** A change for at least this many of a loop's subscriptions waits for a fan-out turn ({@link FanOutTurns}). */
  static final int TURN_SUBSCRIPTIONS = 256;

  private final Vertx vertx;
  private final ParsecConfig config;
  private final SchemaStore schemas;
  private final ParseValues values;
  private final DatabaseChecks databaseChecks;
  private final Identify identify;
  private final CallKeys callKeys;
  private final ClientAddress clientAddress;
  private final LiveQueryTriggers triggers;
  /** This loop's changes of classes with an afterEvent trigger (made once the loop's context is known). */
  private AfterEvents afterEvents;
  /** This event loop's subscriptions by class, then by audience (see {@link Subscription#audience}). */
  private final Map<String, Map<String, Set<Subscription>>> byClass = new HashMap<>();
  private final Set<LiveQueryClient> clients = new HashSet<>();
  private final FrameWriter frames;
  private final LiveQueryMetrics metrics;
  private final FanOutTurns turns;
  /** This loop's context, on which a fan-out turn is handed to it and its slices run. */
  private ContextInternal context;
  /**
   * The changes this loop took. Each change is sent once the one before it was, also when its
   * class's schema had to be read first, so every subscriber sees changes in the order they were made.
   */
  private final InOrder changes = new InOrder();
  private long pingTicks;
  /** Re-readings of subscribers' identities (roles changed, sessions ended); each waits for the one before, so the latest wins. */
  private final InOrder refreshes = new InOrder();
  /** Whether a re-reading of roles waits to start (see {@link #rolesChanged}). */
  private boolean rolesReadingQueued;

  public LiveQueryServer(Vertx vertx, ParsecConfig config, SchemaStore schemas, ReadRouting reads, ParseValues values,
                         Identify identify, MasterKey masterKey, ClientAddress clientAddress, LiveQueryTriggers triggers,
                         MeterRegistry meters) {
    this.vertx = vertx;
    this.metrics = LiveQueryMetrics.of(vertx, meters);
    this.frames = new FrameWriter(metrics.eventsSent);
    this.config = config;
    this.schemas = schemas;
    this.values = values;
    this.databaseChecks = new DatabaseChecks(reads, values);
    this.identify = identify;
    this.callKeys = new CallKeys(masterKey, config.keys());
    this.clientAddress = clientAddress;
    this.triggers = triggers;
    this.turns = FanOutTurns.of(vertx, config.httpInstances());
  }

  /** Starts receiving changes and watching idle connections; completes once the consumer is registered. */
  public Future<Void> listen() {
    context = (ContextInternal) vertx.getOrCreateContext();
    afterEvents = new AfterEvents(triggers, frames, turns, context);
    vertx.setPeriodic(PING_MILLIS / PING_ROUNDS, id -> pingOrClose(pingTicks++ % PING_ROUNDS));
    Future<Void> roles = vertx.eventBus().consumer(RoleNames.CHANGED_ADDRESS, message -> rolesChanged()).completion();
    Future<Void> sessions = vertx.eventBus().<JsonObject>consumer(SessionLookup.ENDED_ADDRESS, message -> {
      String token = message.body().getString("token");
      String user = message.body().getString("userId");
      sessionsEnded(access -> access.sessionToken().equals(token) || access.userId().equals(user));
    }).completion();
    Future<Void> changes = vertx.eventBus().<JsonObject>consumer(ChangeFeed.ADDRESS, message -> deliver(message.body()))
        .completion();
    return Future.all(roles, sessions, changes).mapEmpty();
  }

  /**
   * A role was written somewhere: the roles of this loop's signed-in subscribers are read again, in one
   * query, so that their events follow roles as they are now. Changes that come while a reading waits
   * to start share it.
   */
  private void rolesChanged() {
    if (rolesReadingQueued) {
      return;
    }
    rolesReadingQueued = true;
    refreshes.add(() -> {
      rolesReadingQueued = false;
      Set<String> users = new HashSet<>();
      forEachSignedIn(access -> {
        users.add(access.userId());
        return null;
      });
      return users.isEmpty() ? Future.succeededFuture() : identify.roles().fresh(users)
          .onSuccess(byUser -> forEachSignedIn(access -> access.as(access.userId(), byUser.get(access.userId()))));
    });
  }

  /**
   * Sessions ended somewhere (those the predicate names by token and user id): the subscribers that used
   * them are identified again, and go on as anonymous, as in Parse Server.
   */
  private void sessionsEnded(Predicate<Access> ended) {
    refreshes.add(() -> {
      Map<String, Future<Access>> byToken = new HashMap<>();
      forEachSignedIn(access -> {
        if (ended.test(access)) {
          byToken.computeIfAbsent(access.sessionToken(), t -> identified(access).otherwise(access.withoutSession()));
        }
        return null;
      });
      return Future.join(List.copyOf(byToken.values())).onComplete(done -> forEachSignedIn(access ->
          byToken.containsKey(access.sessionToken()) ? byToken.get(access.sessionToken()).result() : null));
    });
  }

  /**
   * Visits every signed-in connection and subscription of this loop, and gives it the access the visitor
   * answers for its own (null: unchanged).
   */
  private void forEachSignedIn(UnaryOperator<Access> visitor) {
    for (LiveQueryClient client : List.copyOf(clients)) {
      if (client.signedIn()) {
        Access access = visitor.apply(client.access);
        if (access != null) {
          client.access = access;
        }
      }
      for (Subscription subscription : List.copyOf(client.subscriptions.values())) {
        if (subscription.signedIn()) {
          Access access = visitor.apply(subscription.access());
          if (access != null) {
            reidentify(subscription, access);
          }
        }
      }
    }
  }

  /** Moves a subscription to the audience of its subscriber as identified again, unless it ended or nothing changed. */
  private void reidentify(Subscription subscription, Access access) {
    if (subscription.client().subscriptions.get(subscription.requestId()) == subscription
        && !access.aclNames().equals(subscription.access().aclNames())) {
      remove(subscription);
      add(subscription.as(access));
    }
  }

  /**
   * Pings this round's connections; one that sent nothing (not even a pong) for two intervals, or never
   * said connect within one, is closed: a vanished phone must not hold its subscriptions forever.
   */
  private void pingOrClose(long round) {
    long now = System.currentTimeMillis();
    List<LiveQueryClient> idle = new ArrayList<>();
    for (LiveQueryClient client : clients) {
      if (client.pingRound != round) {
        continue;
      }
      if (now - client.lastSeen > 2 * PING_MILLIS || (!client.connected && now - client.opened > PING_MILLIS)) {
        idle.add(client);
      } else {
        client.socket.writePing(io.vertx.core.buffer.Buffer.buffer());
      }
    }
    idle.forEach(client -> client.socket.close((short) 1001, "idle"));
  }

  /** Takes a WebSocket opened on the mount path. */
  public void accept(ServerWebSocket socket) {
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    String address = clientAddress.of(socket.remoteAddress().hostAddress(), socket.headers().getAll("X-Forwarded-For"));
    LiveQueryClient client = new LiveQueryClient(UUID.randomUUID().toString(), socket, address, clients.size() % PING_ROUNDS,
        metrics);
    clients.add(client);
    metrics.opened();
    socket.textMessageHandler(text -> {
      client.lastSeen = System.currentTimeMillis();
      receive(client, text);
    });
    socket.pongHandler(pong -> client.lastSeen = System.currentTimeMillis());
    socket.closeHandler(v -> {
      clients.remove(client);
      metrics.closed();
      client.subscriptions.values().forEach(this::remove);
    });
  }

  /**
   * Handles a connection's messages in the order they came, each once the one before is done: a subscribe sent
   * right after its connect waits for the connect's checks (session, beforeConnect), and an unsubscribe for its
   * subscribe's (Parse Server handles them side by side, and refuses a subscribe that overtook its connect).
   */
  private void receive(LiveQueryClient client, String text) {
    if (client.waiting >= MAX_WAITING) {
      client.error(1, "Too many messages waiting on this connection", false, null);
      return;
    }
    client.waiting++;
    client.messages.add(() -> {
      client.waiting--;
      try {
        return handle(client, text);
      } catch (RuntimeException e) {
        client.error(1, "Invalid message: " + e.getMessage(), false, null);
        return Future.succeededFuture();
      }
    });
  }

  /** Handles one message; completes once its work is done (never fails). */
  private Future<Void> handle(LiveQueryClient client, String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException e) {
      client.error(1, "Invalid JSON", false, null);
      return Future.succeededFuture();
    }
    String op = message.getString("op", "");
    switch (op) {
      case "connect" -> {
        return connect(client, message);
      }
      case "subscribe", "update" -> {
        return subscribe(client, message, op.equals("update"));
      }
      case "unsubscribe" -> unsubscribe(client, message);
      default -> client.error(3, "Unknown op " + op, false, null);
    }
    return Future.succeededFuture();
  }

  private Future<Void> connect(LiveQueryClient client, JsonObject message) {
    if (!config.appId().equals(message.getString("applicationId"))) {
      client.error(4, "Key in request is not valid", false, null);
      return Future.succeededFuture();
    }
    Access.Key key;
    try {
      // the keys Parse Server's LiveQuery checks on connect; a read-only master key reads as the master key
      key = callKeys.judge(new CallKeys.Given(message.getString("masterKey"), null, message.getString("clientKey"),
          message.getString("javascriptKey"), message.getString("restAPIKey"), message.getString("windowsKey")), client.address);
    } catch (ParseException refused) {
      client.error(4, "Key in request is not valid", false, null);
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    identified(Access.unidentified(key, client.address, message.getString("sessionToken"),
        message.getString("installationId"))).onComplete(result -> {
      if (result.failed()) {
        client.error(ParseException.INTERNAL_SERVER_ERROR, "Could not check the session token", true, null);
        done.complete();
        return;
      }
      Access access = result.result();
      triggers.beforeConnect(LiveQueryTriggers.connection(access, client.id)).onComplete(allowed -> {
        if (allowed.failed()) {
          // refused as Parse Server refuses: an error without a request id, and no "connected"
          ParseException refused = ParseException.of(allowed.cause());
          client.error(refused.code(), refused.getMessage(), false, null);
        } else {
          client.access = access;
          client.connected = true;
          client.send(new JsonObject().put("op", "connected").put("clientId", client.id));
        }
        done.complete();
      });
    });
    return done.future();
  }

  private Future<Void> subscribe(LiveQueryClient client, JsonObject message, boolean replace) {
    Integer requestId = message.getInteger("requestId");
    if (!client.connected) {
      client.error(1, "Can not find this client, make sure you connect to server before subscribing", true, requestId);
      return Future.succeededFuture();
    }
    JsonObject query = message.getJsonObject("query");
    if (requestId == null || query == null || !(query.getValue("className") instanceof String className)) {
      client.error(1, "subscribe needs a requestId and a query with a className", false, requestId);
      return Future.succeededFuture();
    }
    if (!replace && client.subscriptions.size() >= MAX_SUBSCRIPTIONS) {
      client.error(1, "at most " + MAX_SUBSCRIPTIONS + " subscriptions per connection", false, requestId);
      return Future.succeededFuture();
    }
    if (!config.liveQueryClasses().contains(className) && !config.liveQueryClasses().contains("*")) {
      client.error(119, "Class " + className + " is not enabled for LiveQuery", false, requestId);
      return Future.succeededFuture();
    }
    Asked asked;
    try {
      asked = Asked.of(query);
    } catch (ParseException e) {
      client.error(e, requestId);
      return Future.succeededFuture();
    }
    Future<Access> who = message.containsKey("sessionToken") ? identified(Access.unidentified(client.access.key(),
        client.address, message.getString("sessionToken"), client.access.installationId())) : Future.succeededFuture(client.access);
    return who.compose(access -> triggers.beforeSubscribe(className, query, requestId, LiveQueryTriggers.connection(access, client.id))
        // a query a trigger narrowed is checked as the client's is; its class stays the subscription's
        .map(narrowed -> narrowed == query ? asked : Asked.of(narrowed.copy().put("className", className)))
        .compose(subscribed -> schemas.all().map(all -> {
          checkAsFind(all, className, subscribed.where(), subscribed.watch(), access);
          return new Checked(access, subscribed);
        }))).transform(result -> {
      if (result.failed()) {
        Throwable e = result.cause();
        if (ParseException.internal(e)) {
          LOG.error("a LiveQuery subscription to {} could not be checked: {}", className, e.getMessage(), e);
        }
        client.error(ParseException.of(e), requestId);
        return Future.<Void>succeededFuture();
      }
      if (!clients.contains(client)) {
        return Future.succeededFuture(); // closed while its subscription was checked: nothing would remove it later
      }
      Subscription old = client.subscriptions.remove(requestId);
      if (old != null) {
        remove(old);
      }
      Asked subscribed = result.result().asked();
      add(Subscription.of(client, requestId, className, subscribed.where(), subscribed.keys(), subscribed.watch(),
          result.result().access()));
      client.send(new JsonObject().put("op", "subscribed").put("clientId", client.id).put("requestId", requestId));
      return Future.<Void>succeededFuture();
    });
  }

  /** What a subscription asks for: its where clause, checked for its shape, the keys it shows and those it watches. */
  private record Asked(JsonObject where, Set<String> keys, Set<String> watch) {

    static Asked of(JsonObject query) {
      // a deep copy holds every nested clause as one JsonObject instance: database answers are keyed by them
      JsonObject where;
      try {
        where = query.getJsonObject("where", new JsonObject()).copy();
        // checks the clause's shape; the database parts are checked when an object needs them
        Map<JsonObject, Boolean> anyAnswer = new java.util.IdentityHashMap<>();
        QueryMatcher.databaseChecks(new JsonObject(), where).forEach(check -> anyAnswer.put(check.arg(), true));
        QueryMatcher.matches(new JsonObject(), where, anyAnswer);
      } catch (ClassCastException e) {
        throw new ParseException(ParseException.INVALID_QUERY, e.getMessage());
      }
      return new Asked(where, Subscription.keys(query), Subscription.watch(query));
    }
  }

  /** A subscription as checked: who asks, and what. */
  private record Checked(Access access, Asked asked) {
  }

  private void unsubscribe(LiveQueryClient client, JsonObject message) {
    Integer requestId = message.getInteger("requestId");
    Subscription subscription = requestId == null ? null : client.subscriptions.remove(requestId);
    if (subscription == null) {
      client.error(2, "Can not find subscription with requestId " + requestId, false, requestId);
      return;
    }
    remove(subscription);
    client.send(new JsonObject().put("op", "unsubscribed").put("clientId", client.id).put("requestId", requestId));
  }

  private void add(Subscription subscription) {
    subscription.client().subscriptions.put(subscription.requestId(), subscription);
    // in subscription order: a fan-out then writes to sockets in the order they came, which a client
    // holding thousands of them (a test rig, a gateway) reads measurably cheaper than a hash order
    if (byClass.computeIfAbsent(subscription.className(), c -> new HashMap<>())
        .computeIfAbsent(subscription.audience(), a -> new LinkedHashSet<>()).add(subscription)) {
      metrics.subscribed();
    }
  }

  private void remove(Subscription subscription) {
    Map<String, Set<Subscription>> audiences = byClass.get(subscription.className());
    Set<Subscription> audience = audiences == null ? null : audiences.get(subscription.audience());
    if (audience == null || !audience.remove(subscription)) {
      return;
    }
    metrics.unsubscribed();
    if (audience.isEmpty()) {
      audiences.remove(subscription.audience());
      if (audiences.isEmpty()) {
        byClass.remove(subscription.className());
      }
    }
  }

  /** Which operation a subscription's events need: get for one object by id, as Parse Server asks, else find. */
  private static Operation operation(JsonObject where) {
    return where.size() == 1 && where.getValue("objectId") instanceof String ? Operation.GET : Operation.FIND;
  }

  /**
   * Checks a subscription as the read path checks the same query: the subscriber may perform it, every
   * class it reaches lets it, and it filters on no field hidden from it. Watching a hidden field would tell
   * it when the field changes: refused too, as Parse Server does.
   */
  private void checkAsFind(Map<String, ClassSchema> all, String className, JsonObject where, Set<String> watch, Access access) {
    ClassSchema schema = all.getOrDefault(className,
        new ClassSchema(className, ClassSchema.defaultFields(), ClassSchema.openPermissions()));
    new FindQuery(all, values, schema, new JsonObject().put("where", where).put("limit", 0), access, operation(where));
    HiddenFields hidden = Permissions.hidden(schema, access);
    if (watch != null && watch.stream().anyMatch(field -> hidden.hides(field.split("\\.")[0]))) {
      throw new ParseException(ParseException.OPERATION_FORBIDDEN, "Permission denied");
    }
  }

  /**
   * Who a connection or subscription is, as its session token says. An unknown, expired or ended session
   * leaves it anonymous, as in Parse Server: an SDK that reconnects after its session ended keeps hearing
   * what anyone may.
   */
  private Future<Access> identified(Access call) {
    return identify.of(call).recover(failure -> failure instanceof ParseException invalid
        && invalid.code() == ParseException.INVALID_SESSION_TOKEN ? Future.succeededFuture(call.withoutSession())
        : Future.failedFuture(failure));
  }

  /**
   * What one audience receives for a change, or no event (null head): the message's UTF-8 bytes up to
   * the subscriber's own ids, encoded once for the audience ({"op":…,"object":…,"original":…,"clientId":"),
   * and the event's name and objects before they are cut to what the subscriber may see (for afterEvent).
   */
  record Prepared(byte[] head, String event, JsonObject shown, JsonObject before) {
    static final Prepared NONE = new Prepared(null, null, null, null);
  }

  /**
   * Sends one change to every matching subscriber of its class on this event loop, after the changes
   * before it; a change for many subscriptions first waits for a fan-out turn.
   */
  private void deliver(JsonObject change) {
    String className = change.getString("className");
    if (!byClass.containsKey(className)) {
      return;
    }
    // the change is judged by the class's permissions as its write saw them: a change of permissions made
    // after the write committed does not decide who hears of it
    JsonObject permissions = change.getJsonObject("permissions");
    changes.add(() -> schemas.find(className).compose(found -> {
      ClassSchema schema = found.map(s -> permissions == null ? s : s.withPermissions(permissions)).orElse(null);
      return triggers.watchesEvents(className).compose(watched -> {
        if (watched) {
          // the next change need not wait for the trigger's answer: AfterEvents keeps the order
          deliverThroughTrigger(change, className, schema);
          return Future.succeededFuture();
        }
        return fanOut(change, className, schema);
      });
    }));
  }

  /** Sends a change to the loop's subscribers of its class; one for many subscriptions first waits for a fan-out turn. */
  private Future<Void> fanOut(JsonObject change, String className, ClassSchema schema) {
    int subscriptions = byClass.getOrDefault(className, Map.of()).values().stream().mapToInt(Set::size).sum();
    if (subscriptions < TURN_SUBSCRIPTIONS) {
      return prepareFanOut(change, className, schema).run(context, frames);
    }
    // subscriptions may come or go while the turn is awaited: the audiences are read once it is taken
    return turns.take(context).compose(turn -> prepareFanOut(change, className, schema).run(context, frames))
        .andThen(sent -> turns.end());
  }

  /** A change of a class with an afterEvent trigger: prepared for each audience here, sent as the trigger decides. */
  private void deliverThroughTrigger(JsonObject change, String className, ClassSchema schema) {
    List<List<Subscription>> audiences = new ArrayList<>();
    List<Future<Prepared>> prepared = new ArrayList<>();
    for (Set<Subscription> audience : List.copyOf(byClass.getOrDefault(className, Map.of()).values())) {
      List<Subscription> subscriptions = List.copyOf(audience);
      Subscription first = subscriptions.get(0);
      audiences.add(subscriptions);
      if (first.needsDatabase()) {
        prepared.add(prepareWithDatabase(change, first, schema));
        continue;
      }
      try {
        prepared.add(Future.succeededFuture(prepare(change, first, schema, Map.of(), Map.of())));
      } catch (RuntimeException e) {
        LOG.warn("a LiveQuery subscription to {} could not be matched: {}", className, e.getMessage());
        prepared.add(Future.succeededFuture(Prepared.NONE));
      }
    }
    afterEvents.deliver(className, schema, audiences, prepared);
  }

  /** The change's messages to this loop's subscriptions; those that need database checks are sent on their own. */
  private FanOut prepareFanOut(JsonObject change, String className, ClassSchema schema) {
    FanOut fanOut = new FanOut();
    for (Set<Subscription> audience : List.copyOf(byClass.getOrDefault(className, Map.of()).values())) {
      List<Subscription> subscriptions = List.copyOf(audience);
      Subscription first = subscriptions.get(0);
      if (first.needsDatabase()) {
        // PostgreSQL is asked once for the audience; each connection sends the answer in its own order
        Future<Prepared> checked = prepareWithDatabase(change, first, schema);
        for (Subscription subscription : subscriptions) {
          subscription.client().inOrder(checked, prepared -> send(subscription, prepared));
        }
        continue;
      }
      Prepared prepared;
      try {
        prepared = prepare(change, first, schema, Map.of(), Map.of());
      } catch (RuntimeException e) {
        // a query that cannot be evaluated against this object costs its own audience the event, no one else
        LOG.warn("a LiveQuery subscription to {} could not be matched: {}", className, e.getMessage());
        continue;
      }
      if (prepared.head() != null) {
        fanOut.add(subscriptions, prepared.head());
      }
    }
    return fanOut;
  }

  private void send(Subscription subscription, Prepared prepared) {
    if (prepared.head() != null) {
      subscription.send(frames, prepared.head());
    }
  }

  /**
   * An audience with $inQuery, $select, $relatedTo or $text asks PostgreSQL about the object before and
   * after the change; its events keep their order, but may reach it after later events of other subscriptions.
   */
  private Future<Prepared> prepareWithDatabase(JsonObject change, Subscription subscription, ClassSchema schema) {
    return schemas.all().compose(all -> {
      Future<Map<JsonObject, Boolean>> before = databaseChecks.answer(all, subscription.className(),
          change.getJsonObject("original"), subscription.where(), subscription.access());
      Future<Map<JsonObject, Boolean>> after = change.getString("op").equals("delete") ? Future.succeededFuture(Map.of())
          : databaseChecks.answer(all, subscription.className(), change.getJsonObject("object"), subscription.where(),
              subscription.access());
      return Future.all(before, after).map(done -> prepare(change, subscription, schema, before.result(), after.result()));
    });
  }

  static Prepared prepare(JsonObject change, Subscription subscription, ClassSchema schema,
                          Map<JsonObject, Boolean> beforeAnswers, Map<JsonObject, Boolean> afterAnswers) {
    Predicate<JsonObject> readable = readable(subscription, schema);
    if (readable == null) {
      return Prepared.NONE;
    }
    String op = change.getString("op");
    JsonObject object = change.getJsonObject("object");
    JsonObject original = change.getJsonObject("original");
    boolean was = original != null && readable.test(original) && QueryMatcher.matches(original, subscription.where(), beforeAnswers);
    boolean is = object != null && !op.equals("delete") && readable.test(object)
        && QueryMatcher.matches(object, subscription.where(), afterAnswers);
    String event = switch (op) {
      case "create" -> is ? "create" : null;
      case "delete" -> was ? "delete" : null;
      default -> was && is ? "update" : is ? "enter" : was ? "leave" : null;
    };
    if (event == null || (event.equals("update") || event.equals("create")) && !subscription.changesWatched(object, original)) {
      return Prepared.NONE;
    }
    // a subscriber that lost read access is told it left with the last state it could read, and one that
    // gained it is not shown the state before
    JsonObject shown = event.equals("delete") || event.equals("leave") && !readable.test(object) ? original : object;
    JsonObject before = original == null || event.equals("delete") || event.equals("enter") && !readable.test(original)
        ? null : original;
    return new Prepared(head(subscription, schema, event, shown, before), event, shown, before);
  }

  /** An event's message up to the subscriber's ids, with the fields the subscriber may see of the objects. */
  static byte[] head(Subscription subscription, ClassSchema schema, String event, JsonObject shown, JsonObject before) {
    Access access = subscription.access();
    HiddenFields hidden = schema == null ? HiddenFields.NONE : Permissions.hidden(schema, access);
    StringBuilder head = new StringBuilder(512).append("{\"op\":\"").append(event).append("\",\"object\":")
        .append(subscription.view(shown, hidden.in(shown, access.userId())).encode());
    if (before != null) {
      head.append(",\"original\":").append(subscription.view(before, hidden.in(before, access.userId())).encode());
    }
    return head.append(",\"clientId\":\"").toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Which objects the subscriber may read, by the class's permissions as they are now: none (null) when
   * they refuse it the query; else those whose ACL lets it read them and, under pointer permissions,
   * that point to it. The master key reads everything.
   */
  private static Predicate<JsonObject> readable(Subscription subscription, ClassSchema schema) {
    Access access = subscription.access();
    if (access.master()) {
      return object -> true;
    }
    Grant grant;
    try {
      grant = schema == null ? Grant.ALL : Permissions.grant(schema, operation(subscription.where()), access);
    } catch (ParseException refused) {
      return null;
    }
    return object -> Permissions.readable(object, access, grant);
  }


}
