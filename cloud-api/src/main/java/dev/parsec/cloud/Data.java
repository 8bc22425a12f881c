package dev.parsec.cloud;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The app's data as cloud code reads and writes it, as one caller: the master key, or a user (the caller of
 * the function or trigger, typically). Every call goes through the server's one read path and one write path,
 * as a REST call of that caller would: class-level permissions, ACLs, protected fields, the class's triggers
 * (a save runs its class's beforeSave and afterSave), LiveQuery events, cache eviction. Nothing blocks: each
 * call answers a Future, failed with a {@link ParseError} as the REST API would refuse it (101 for an object
 * the caller may not see, 119 for a write it may not make...).
 *
 * <p>Objects are Parse's REST JSON: pointers as {"__type":"Pointer",...}, dates as {"__type":"Date",...}; see
 * {@link Values} to make them and {@link Ops} for field operations (increment, add, relations...).
 */
public interface Data {

  /** The same data as the master key sees it: every object, no permission asked. */
  Data asMaster();

  /** The same data as the user of this session token sees it (209 when the token is not valid). */
  Data asSession(String sessionToken);

  /** Whether calls go as the master key. */
  boolean master();

  /** A query of a class, to narrow with the builder's constraints and run with find, first, count... */
  default Query query(String className) {
    return new Query(this, className);
  }

  /** One object by id (101 when there is none the caller may read). */
  Future<JsonObject> get(String className, String objectId);

  /**
   * A find, with the REST API's parameters: where (JSON), order, limit, skip, keys, excludeKeys, include, as
   * GET /classes/{className} takes them. {@link Query} builds them.
   */
  Future<List<JsonObject>> find(String className, JsonObject params);

  /** How many objects match (where may be empty). */
  Future<Long> count(String className, JsonObject where);

  /** The results of an aggregation pipeline, as POST /aggregate/{className} answers them (master key only). */
  Future<JsonArray> aggregate(String className, JsonArray pipeline);

  /** The distinct values of a field among the objects matching where (master key only, as in Parse Server). */
  Future<JsonArray> distinct(String className, String field, JsonObject where);

  /**
   * Creates the object (without objectId) or updates it (with objectId: only the fields given change; a field
   * may hold an {@link Ops} operation). Answers the object as given with what the server set: objectId,
   * createdAt, updatedAt, and the fields a beforeSave trigger changed.
   */
  Future<JsonObject> save(String className, JsonObject object);

  /** Saves each object (as {@link #save}), one after another; fails at the first refusal, the earlier ones saved. */
  Future<List<JsonObject>> saveAll(String className, List<JsonObject> objects);

  /** Deletes the object (101 when the caller may not). */
  Future<Void> delete(String className, String objectId);

  /** Deletes each object, one after another; fails at the first refusal, the earlier ones deleted. */
  Future<Void> deleteAll(String className, List<String> objectIds);

  /** Parse.Config's parameters, as GET /config answers them (master-only ones when the master key). */
  Future<JsonObject> config();

  /** Sets Parse.Config parameters (master key only), as PUT /config: the others are kept. */
  Future<Void> saveConfig(JsonObject params);

  /** Stores a file; answers {"name": stored name, "url": ...}, to put in an object as a File value. */
  Future<JsonObject> saveFile(String name, Buffer bytes, String contentType);

  /** A stored file's bytes, by the name saveFile answered (101 when there is none). */
  Future<Buffer> readFile(String name);

  /** Deletes a stored file (master key only, as DELETE /files). */
  Future<Void> deleteFile(String name);
}
