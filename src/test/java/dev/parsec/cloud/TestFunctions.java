package dev.parsec.cloud;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** A cloud code module for the tests, found on the test class path like a module jar would be. */
public final class TestFunctions implements CloudCode {

  /** How many times each job (by its tag) ran to its end, over every node of the test JVM. */
  public static final Map<String, java.util.concurrent.atomic.AtomicInteger> COMPLETED = new java.util.concurrent.ConcurrentHashMap<>();
  /** What the Priced triggers saw: saved and deleted ids, and the ids a beforeDelete refuses. */
  public static final java.util.Set<String> SAVED = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** How many times beforeSave was asked about a Priced object, by its "tag" field. */
  public static final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> SAVES = new java.util.concurrent.ConcurrentHashMap<>();
  public static final java.util.Set<String> DELETED = java.util.concurrent.ConcurrentHashMap.newKeySet();
  public static final java.util.Set<String> LOCKED = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** How many times the job "tick" ran (it is scheduled by ScheduledJobsClusterTest). */
  public static final java.util.concurrent.atomic.AtomicInteger TICKS = new java.util.concurrent.atomic.AtomicInteger();
  /** Who logged in and out, as afterLogin and afterLogout were told. */
  public static final java.util.Set<String> LOGGED_IN = java.util.concurrent.ConcurrentHashMap.newKeySet();
  public static final java.util.Set<String> LOGGED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** What the file triggers saw: "name size url" of each stored file, and the names of deleted ones. */
  public static final java.util.Set<String> SAVED_FILES = java.util.concurrent.ConcurrentHashMap.newKeySet();
  public static final java.util.Set<String> DELETED_FILES = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @Override
  public void define(Cloud cloud) {
    cloud.define("hello", request -> "Hello " + request.params().getString("name", "you"))
        .define("whoami", request -> Map.of("user", request.userId() == null ? "nobody" : request.userId(),
            "master", request.master(), "thread", Thread.currentThread().getName()))
        .define("fails", request -> {
          throw new IllegalArgumentException("no stock for " + request.params().getString("item"));
        })
        .defineJob("count", request -> {
          String tag = request.params().getString("tag");
          int steps = request.params().getInteger("steps", 5);
          for (int i = 0; i < steps; i++) {
            if (request.cancelled()) {
              return null;
            }
            Thread.sleep(100);
            request.message("step " + (i + 1));
          }
          COMPLETED.computeIfAbsent(tag, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
          return "counted " + steps;
        })
        .defineJob("tick", request -> "tick " + TICKS.incrementAndGet())
        .defineJob("broken", request -> {
          throw new IllegalStateException("disk full");
        });
    cloud.beforeSave("Priced", request -> {
      JsonObject object = request.object();
      if (object.getValue("tag") instanceof String tag) {
        SAVES.computeIfAbsent(tag, t -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
      }
      if (object.getInteger("qty", 0) < 0) {
        throw new IllegalArgumentException("qty must not be negative");
      }
      return object.containsKey("qty") && object.containsKey("price")
          ? object.copy().put("total", object.getInteger("qty") * object.getDouble("price")) : null;
    })
        .afterSave("Priced", request -> SAVED.add(request.objectId()))
        .beforeDelete("Priced", request -> {
          if (LOCKED.contains(request.objectId())) {
            throw new IllegalStateException("this order is locked");
          }
        })
        .afterDelete("Priced", request -> DELETED.add(request.objectId()));
    // file triggers act only on names the tests of triggers choose: every test node has this module
    cloud.beforeSaveFile(request -> {
      if (request.name().startsWith("forbidden")) {
        throw new IllegalArgumentException("no forbidden files (" + request.contentType() + ", " + request.size() + " bytes)");
      }
      return request.name().equals("rename-me.txt") ? "renamed.txt" : null;
    })
        .afterSaveFile(request -> SAVED_FILES.add(request.name() + " " + request.size() + " " + request.url()))
        .beforeDeleteFile(request -> {
          if (request.name().endsWith("_keep.txt")) {
            throw new IllegalStateException("this file is kept");
          }
        })
        .afterDeleteFile(request -> DELETED_FILES.add(request.name()));
    // Secret notes: clients see only published ones (beforeFind), and never the field "draft" (afterFind)
    cloud.beforeFind("SecretNote", request -> {
      if (request.master()) {
        return null;
      }
      if (request.query().getInteger("limit", 0) > 50) {
        throw new IllegalArgumentException("at most 50 notes at a time");
      }
      JsonObject where = request.query().getJsonObject("where", new JsonObject());
      return request.query().copy().put("where", new JsonObject().put("$and", new io.vertx.core.json.JsonArray()
          .add(where).add(new JsonObject().put("published", true))));
    })
        .afterFind("SecretNote", request -> {
          io.vertx.core.json.JsonArray shown = new io.vertx.core.json.JsonArray();
          for (Object note : request.objects()) {
            JsonObject copy = ((JsonObject) note).copy().put("seenBy", request.isGet() ? "get" : "find");
            copy.remove("draft");
            shown.add(copy);
          }
          return shown;
        });
    // users: a nickname is trimmed and lower-cased, "admin" refused; deleted users are noted
    cloud.beforeSave("_User", request -> {
      String nickname = request.object().getString("nickname");
      if (nickname == null) {
        return null;
      }
      if (request.object().containsKey("password")) {
        throw new IllegalStateException("a trigger was shown a password");
      }
      if (nickname.trim().equalsIgnoreCase("admin")) {
        throw new IllegalArgumentException("that nickname is reserved");
      }
      return request.object().copy().put("nickname", nickname.trim().toLowerCase(java.util.Locale.ROOT));
    })
        .afterDelete("_User", request -> DELETED.add(request.objectId()));
    // installations with a "tag": kept upper-cased too, and "banned" refused
    cloud.beforeSave("_Installation", request -> {
      String tag = request.object().getString("tag");
      if (tag == null) {
        return null;
      }
      if (tag.equals("banned")) {
        throw new IllegalArgumentException("this device is banned");
      }
      return request.object().copy().put("tagUpper", tag.toUpperCase(java.util.Locale.ROOT));
    })
        .afterDelete("_Installation", request -> DELETED.add(request.objectId()));
    cloud.beforeLogin(request -> {
      if (request.object().getString("username", "").startsWith("banned")) {
        throw new IllegalStateException("this account is banned");
      }
    })
        .afterLogin(request -> LOGGED_IN.add(request.objectId()))
        .afterLogout(request -> LOGGED_OUT.add(request.objectId()));
    cloud.define("slow", request -> {
      Thread.sleep(6_000); // a worker thread may block
      return new JsonObject().put("done", true);
    });
  }
}
