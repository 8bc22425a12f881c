package dev.parsec.cloud;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** A cloud code module for the data API's tests (CloudDataTest): functions, triggers and a job that read and write. */
public final class DataFunctions implements CloudCode {

  /** The ids afterSave of DataNote was told of. */
  public static final Set<String> NOTES_SAVED = ConcurrentHashMap.newKeySet();
  /** Completes each() handlers later, on a thread of its own. */
  private static final ExecutorService LATER = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "data-functions-later");
    thread.setDaemon(true);
    return thread;
  });

  @Override
  public void define(Cloud cloud) {
    cloud.define("dataFind", request -> data(request).query(request.params().getString("className"))
            .where(request.params().getJsonObject("where", new JsonObject())).ascending("objectId").find()
            .map(DataFunctions::ids))
        .define("dataGet", request -> data(request).get(request.params().getString("className"), request.params().getString("objectId")))
        .define("dataCount", request -> data(request).count(request.params().getString("className"),
            request.params().getJsonObject("where", new JsonObject())))
        .define("dataSave", request -> data(request).save(request.params().getString("className"), request.params().getJsonObject("object")))
        .define("dataSaveAwait", request -> {
          JsonObject saved = data(request).save(request.params().getString("className"), request.params().getJsonObject("object")).await();
          return saved.copy().put("thread", Thread.currentThread().getName());
        })
        .define("dataSaveNothing", request -> data(request).save("DataNote", null))
        .define("dataThrow", request -> {
          throw new ParseError(request.params().getInteger("code"), request.params().getString("message"));
        })
        .define("dataFailLater", request -> Future.failedFuture(new ParseError(request.params().getInteger("code"),
            request.params().getString("message"))))
        .define("dataAggregate", request -> data(request).aggregate(request.params().getString("className"),
            request.params().getJsonArray("pipeline")))
        .define("dataDistinct", request -> data(request).distinct(request.params().getString("className"),
            request.params().getString("field"), new JsonObject()))
        .define("dataConfig", request -> data(request).config())
        .define("dataSaveConfig", request -> data(request).saveConfig(request.params().getJsonObject("params")).map(v -> true))
        .define("dataDeleteFile", request -> data(request).deleteFile(request.params().getString("name")).map(v -> true))
        .define("dataAsSession", request -> request.data().asSession(request.params().getString("sessionToken"))
            .query(request.params().getString("className")).ascending("objectId").find().map(DataFunctions::ids))
        .define("dataFile", request -> {
          Data data = data(request);
          JsonObject saved = data.saveFile(request.params().getString("name"), Buffer.buffer(request.params().getString("text")),
              "text/plain").await();
          Buffer read = data.readFile(saved.getString("name")).await();
          return saved.copy().put("text", read.toString());
        })
        .define("dataOps", DataFunctions::ops)
        .define("dataJoin", DataFunctions::join)
        .define("dataBulk", DataFunctions::bulk)
        .define("dataBulkDelete", DataFunctions::bulkDelete)
        .defineJob("dataWalk", request -> {
          Data data = request.data();
          AtomicInteger walked = new AtomicInteger();
          data.query("Walk").each(object -> {
            walked.addAndGet(object.getInteger("steps"));
            return null;
          }).await();
          data.save("WalkCount", new JsonObject().put("tag", request.params().getString("tag")).put("steps", walked.get())).await();
          return "walked " + walked.get();
        });
    cloud.beforeSave("DataNote", request -> {
      if (request.object().containsKey("bad")) {
        throw new ParseError(ParseError.VALIDATION_ERROR, "no bad notes");
      }
      JsonObject saved = request.object().copy().put("stamped", "by beforeSave");
      if (request.object().getValue("copyOf") instanceof String original) {
        // read as the one saving: a note it may not read fails the save with 101
        saved.put("text", request.data().get("DataNote", original).await().getString("text"));
      }
      return saved;
    })
        .afterSave("DataNote", request -> NOTES_SAVED.add(request.objectId()));
  }

  private static Data data(Cloud.Request request) {
    return request.params().getBoolean("master", false) ? request.data().asMaster() : request.data();
  }

  private static List<String> ids(List<JsonObject> objects) {
    return objects.stream().map(object -> object.getString("objectId")).toList();
  }

  /** Each field operation on one object, then the object and its relation as read back. */
  private static Object ops(Cloud.Request request) {
    Data data = request.data().asMaster();
    JsonObject friend = data.save("OpsFriend", new JsonObject().put("name", "Ann")).await();
    JsonObject created = data.save("OpsThing", new JsonObject().put("n", 1).put("tags", new JsonArray().add("a")).put("gone", "soon")).await();
    String id = created.getString("objectId");
    JsonObject updated = data.save("OpsThing", new JsonObject().put("objectId", id).put("n", Ops.increment(2))
        .put("tags", Ops.addUnique("a", "b")).put("gone", Ops.unset())
        .put("friends", Ops.addRelation(Values.pointer("OpsFriend", friend.getString("objectId"))))).await();
    JsonObject read = data.get("OpsThing", id).await();
    List<JsonObject> related = data.query("OpsFriend").relatedTo(Values.pointer("OpsThing", id), "friends").find().await();
    return new JsonObject().put("answered", updated).put("read", read).put("related", new JsonArray(ids(related)));
  }

  /** matchesQuery and include: books by a vip author, each with its author whole. */
  private static Object join(Cloud.Request request) {
    Data data = request.data().asMaster();
    JsonObject vip = data.save("JoinAuthor", new JsonObject().put("name", "Vera").put("vip", true)).await();
    JsonObject other = data.save("JoinAuthor", new JsonObject().put("name", "Otto").put("vip", false)).await();
    data.saveAll("JoinBook", List.of(
        new JsonObject().put("title", "Up").put("author", Values.pointer("JoinAuthor", vip.getString("objectId"))),
        new JsonObject().put("title", "Down").put("author", Values.pointer("JoinAuthor", other.getString("objectId"))))).await();
    List<JsonObject> books = data.query("JoinBook").matchesQuery("author", data.query("JoinAuthor").equalTo("vip", true))
        .include("author").find().await();
    return new JsonArray(books.stream().map(book -> book.getString("title") + " by " + book.getJsonObject("author").getString("name")).toList());
  }

  /**
   * saveAll, count, first, get with select, each (its handler completing later, on another thread), over params.n
   * objects; the most each() handlers pending at once is answered.
   */
  private static Object bulk(Cloud.Request request) {
    Data data = request.data().asMaster();
    int n = request.params().getInteger("n");
    List<JsonObject> saved = data.saveAll("Bulk", IntStream.range(0, n)
        .mapToObj(i -> new JsonObject().put("i", i).put("even", i % 2 == 0)).toList()).await();
    List<String> ids = ids(saved);
    long count = data.count("Bulk", new JsonObject()).await();
    long evens = data.query("Bulk").equalTo("even", true).count().await();
    JsonObject first = data.query("Bulk").descending("i").first().await();
    JsonObject selected = data.query("Bulk").select("i").get(ids.get(0)).await();
    AtomicInteger pending = new AtomicInteger();
    AtomicInteger mostPending = new AtomicInteger();
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    data.query("Bulk").each(object -> {
      mostPending.accumulateAndGet(pending.incrementAndGet(), Math::max);
      Promise<Void> handled = Promise.promise();
      LATER.execute(() -> {
        seen.add(object.getInteger("i"));
        pending.decrementAndGet();
        handled.complete();
      });
      return handled.future();
    }).await();
    return new JsonObject().put("saved", ids.size()).put("count", count).put("evens", evens).put("last", first.getInteger("i"))
        .put("selected", selected).put("seen", seen.size()).put("mostPending", mostPending.get());
  }

  /** deleteAll of every Bulk object (params.n of them); answers how many are left. */
  private static Object bulkDelete(Cloud.Request request) {
    Data data = request.data().asMaster();
    List<String> ids = ids(data.query("Bulk").select("objectId").limit(request.params().getInteger("n")).find().await());
    data.deleteAll("Bulk", ids).await();
    return data.count("Bulk", new JsonObject()).await();
  }
}
