package dev.parsec.cloud;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * What cloud code modules define. A function runs on a worker thread of a node with workers (it may
 * block: call a web service, read a file), never on an event loop; its result must be JSON-able
 * (JsonObject, JsonArray, a Map or List of such, a String, number, boolean or null), or a {@link
 * io.vertx.core.Future} of one, which the caller is answered once it completes (no thread is held meanwhile). A
 * function (or trigger, or job) that throws, or whose Future fails, a {@link ParseError} answers the caller its code
 * and message; anything else answers Parse's 141 with the exception's message.
 *
 * <p>Each request's {@code data()} reads and writes the app's data as the caller ({@link Data}). Its Futures
 * complete on an event loop: code that waits for one may block its thread with {@code future.await()},
 * or compose it without blocking, but must never block inside a callback ({@code map}, {@code compose},
 * {@link Query#each}'s handler).
 */
public final class Cloud {

  /** A cloud function (Parse.Cloud.define). */
  public interface Function {
    Object run(Request request) throws Exception;
  }

  /**
   * A call, as Parse Server gives it: its params; who made it (the whole user, as the user's own record
   * shows it but with no password, authData or session token, null when not signed in; the master key; the
   * installation; the client's address); the call's HTTP headers (lower-cased names, without the keys and
   * the session token); the function's name; the client's cloud context; a logger named
   * "cloud.function.NAME"; the app's data as the caller ({@code data().asMaster()} for the master key).
   */
  public record Request(JsonObject params, JsonObject user, boolean master, String installationId, String ip,
                        JsonObject headers, String functionName, JsonObject context, Logger log, Data data) {

    /** The caller's user id, null when not signed in. */
    public String userId() {
      return user == null ? null : user.getString("objectId");
    }
  }

  /**
   * A job (Parse.Cloud.job): long work started by the master key, run once by one worker of the
   * cluster, and run again elsewhere if that worker's node dies. It should stop when {@link
   * JobRequest#cancelled()} turns true (its node is stopping, or it lost its lease).
   */
  public interface Job {
    Object run(JobRequest request) throws Exception;
  }

  /** A job's params, a way to report progress (_JobStatus.message), and whether it should stop. */
  public interface JobRequest {
    JsonObject params();

    void message(String progress);

    boolean cancelled();

    /** The app's data, as the master key (jobs are started by it). */
    Data data();
  }

  /**
   * A beforeSave trigger: answers the object to save (the one given, changed, or null for unchanged);
   * throwing refuses the save (a {@link ParseError} with its code, anything else with 141 and the exception's
   * message). The answer is compared with the object
   * given, field by field: a field it adds or changes is saved with its new value (null, or {"__op": "Delete"},
   * deletes the field); a field left as given saves what the client sent for it (an Increment stays an
   * Increment); a field it removes is not written by this save (an update keeps the stored value; a create
   * does not get the field). objectId, createdAt and updatedAt are the server's and ignored.
   */
  public interface BeforeSave {
    JsonObject run(TriggerRequest request) throws Exception;
  }

  /** A beforeDelete (throwing refuses the delete, as a beforeSave's throw refuses a save), afterSave or afterDelete trigger. */
  public interface Trigger {
    void run(TriggerRequest request) throws Exception;
  }

  /**
   * An object of a class being saved or deleted, and who asked, as Parse Server gives it. {@code object} is the
   * whole object: for a create, the fields sent; for an update, the stored object with the changes applied (an
   * Increment as its result, a relation change as the Relation); for a delete or a login, the stored object.
   * {@code original} is the stored object before an update (null on a create and for the other triggers). A
   * user's record never shows its password, authData or session token. {@code user} is the caller's whole
   * user (null when not signed in). {@code context} is the client's cloud context, one per save or delete:
   * what a beforeSave or beforeDelete puts in it, its afterSave or afterDelete sees. A logger named
   * "cloud.TRIGGER.CLASS". {@code data} reads and writes as the caller.
   */
  public record TriggerRequest(String className, String objectId, JsonObject object, JsonObject original, JsonObject user,
                               boolean master, String installationId, String ip, JsonObject headers, JsonObject context,
                               String triggerName, Logger log, Data data) {

    /** The caller's user id, null when not signed in. */
    public String userId() {
      return user == null ? null : user.getString("objectId");
    }
  }

  /**
   * A file being uploaded, before any byte is stored (size is -1 when the client did not declare it),
   * or once stored (with its stored name and url), and who uploads it.
   */
  public record FileRequest(String name, String contentType, long size, String url, JsonObject user, boolean master,
                            String installationId, String ip, JsonObject headers, String triggerName, Logger log, Data data) {

    /** The caller's user id, null when not signed in. */
    public String userId() {
      return user == null ? null : user.getString("objectId");
    }
  }

  /**
   * A beforeSaveFile trigger: answers the name to store the file under (null keeps the client's);
   * throwing refuses the upload with 141 and the exception's message. It sees the file's name, type
   * and size, not its bytes: uploads stream to storage and are never held whole.
   */
  public interface BeforeSaveFile {
    String run(FileRequest request) throws Exception;
  }

  /** An afterSaveFile trigger, or a beforeDeleteFile (throwing refuses the delete) or afterDeleteFile one. */
  public interface FileTrigger {
    void run(FileRequest request) throws Exception;
  }

  /**
   * A query of a class (a find, a count or a get by id): its parameters as the client sent them
   * (where, order, limit, skip, keys, include…), the objects found for an afterFind, and who asks.
   */
  public record FindRequest(String className, JsonObject query, boolean isGet, io.vertx.core.json.JsonArray objects,
                            JsonObject user, boolean master, String installationId, String ip, JsonObject headers,
                            String triggerName, Logger log, Data data) {

    /** The caller's user id, null when not signed in. */
    public String userId() {
      return user == null ? null : user.getString("objectId");
    }
  }

  /** A beforeFind trigger: answers the query to run (null keeps the client's); throwing refuses it with 141. */
  public interface BeforeFind {
    JsonObject run(FindRequest request) throws Exception;
  }

  /** An afterFind trigger: answers the objects to send (null keeps those found); they are sent as they are. */
  public interface AfterFind {
    io.vertx.core.json.JsonArray run(FindRequest request) throws Exception;
  }

  private final Map<String, BeforeFind> beforeFind = new TreeMap<>();
  private final Map<String, AfterFind> afterFind = new TreeMap<>();

  public Cloud beforeFind(String className, BeforeFind trigger) {
    beforeFind.put(triggerClass(className), trigger);
    return this;
  }

  public Cloud afterFind(String className, AfterFind trigger) {
    afterFind.put(triggerClass(className), trigger);
    return this;
  }

  Map<String, BeforeFind> beforeFindTriggers() {
    return beforeFind;
  }

  Map<String, AfterFind> afterFindTriggers() {
    return afterFind;
  }

  private BeforeSaveFile beforeSaveFile;
  /** afterSaveFile, beforeDeleteFile and afterDeleteFile, by kind. */
  private final Map<String, FileTrigger> fileTriggers = new TreeMap<>();

  public Cloud beforeSaveFile(BeforeSaveFile trigger) {
    beforeSaveFile = trigger;
    return this;
  }

  public Cloud afterSaveFile(FileTrigger trigger) {
    fileTriggers.put("afterSaveFile", trigger);
    return this;
  }

  public Cloud beforeDeleteFile(FileTrigger trigger) {
    fileTriggers.put("beforeDeleteFile", trigger);
    return this;
  }

  public Cloud afterDeleteFile(FileTrigger trigger) {
    fileTriggers.put("afterDeleteFile", trigger);
    return this;
  }

  BeforeSaveFile beforeSaveFileTrigger() {
    return beforeSaveFile;
  }

  Map<String, FileTrigger> fileTriggers() {
    return fileTriggers;
  }

  private final Map<String, Function> functions = new TreeMap<>();
  private final Map<String, Job> jobs = new TreeMap<>();
  private final Map<String, BeforeSave> beforeSave = new TreeMap<>();
  /** afterSave, beforeDelete and afterDelete triggers, by "kind.className". */
  private final Map<String, Trigger> triggers = new TreeMap<>();

  public Cloud beforeSave(String className, BeforeSave trigger) {
    beforeSave.put(triggerClass(className), trigger);
    return this;
  }

  public Cloud afterSave(String className, Trigger trigger) {
    triggers.put("afterSave." + triggerClass(className), trigger);
    return this;
  }

  public Cloud beforeDelete(String className, Trigger trigger) {
    triggers.put("beforeDelete." + triggerClass(className), trigger);
    return this;
  }

  public Cloud afterDelete(String className, Trigger trigger) {
    triggers.put("afterDelete." + triggerClass(className), trigger);
    return this;
  }

  /** Before a login is granted (object: the user; throwing refuses the login with 141), as Parse.Cloud.beforeLogin. */
  public Cloud beforeLogin(Trigger trigger) {
    triggers.put("beforeLogin._User", trigger);
    return this;
  }

  /** Once a user logged in (object: the user). */
  public Cloud afterLogin(Trigger trigger) {
    triggers.put("afterLogin._User", trigger);
    return this;
  }

  /** Once a session ended by logout (objectId: the user's id). */
  public Cloud afterLogout(Trigger trigger) {
    triggers.put("afterLogout._User", trigger);
    return this;
  }

  Map<String, BeforeSave> beforeSaveTriggers() {
    return beforeSave;
  }

  Map<String, Trigger> triggers() {
    return triggers;
  }

  public Cloud defineJob(String name, Job job) {
    if (jobs.putIfAbsent(name, job) != null) {
      throw new IllegalStateException("cloud job " + name + " is defined twice");
    }
    return this;
  }

  Map<String, Job> jobs() {
    return jobs;
  }

  public Cloud define(String name, Function function) {
    if (functions.putIfAbsent(name, function) != null) {
      throw new IllegalStateException("cloud function " + name + " is defined twice");
    }
    return this;
  }

  /** A function whose calls the validator checks first (Parse.Cloud.define with a validator object). */
  public Cloud define(String name, Function function, Validator validator) {
    define(name, function);
    validators.put(FUNCTION + name, validator);
    return this;
  }

  /** A beforeSave trigger whose saves the validator checks first (its defaults and constants applied). */
  public Cloud beforeSave(String className, BeforeSave trigger, Validator validator) {
    triggerValidator("beforeSave." + triggerClass(className), validator);
    return beforeSave(className, trigger);
  }

  public Cloud afterSave(String className, Trigger trigger, Validator validator) {
    triggerValidator("afterSave." + triggerClass(className), validator);
    return afterSave(className, trigger);
  }

  public Cloud beforeDelete(String className, Trigger trigger, Validator validator) {
    triggerValidator("beforeDelete." + triggerClass(className), validator);
    return beforeDelete(className, trigger);
  }

  public Cloud afterDelete(String className, Trigger trigger, Validator validator) {
    triggerValidator("afterDelete." + triggerClass(className), validator);
    return afterDelete(className, trigger);
  }

  public Cloud beforeLogin(Trigger trigger, Validator validator) {
    triggerValidator("beforeLogin._User", validator);
    return beforeLogin(trigger);
  }

  public Cloud beforeFind(String className, BeforeFind trigger, Validator validator) {
    triggerValidator("beforeFind." + triggerClass(className), validator);
    return beforeFind(className, trigger);
  }

  /** A trigger's validator; one with a rate limit is refused, as only functions are counted (a limit would not hold). */
  private void triggerValidator(String kind, Validator validator) {
    if (validator != null && validator.rateLimitCount() > 0) {
      throw new IllegalArgumentException("a trigger's validator takes no rate limit (" + kind + "): only functions are counted");
    }
    validators.put(kind, validator);
  }

  /**
   * The class of an object or find trigger; _Session takes none, as in Parse Server (its objects carry session
   * tokens; a logout's trigger is {@link #afterLogout}).
   */
  private static String triggerClass(String className) {
    if ("_Session".equals(className)) {
      throw new IllegalArgumentException("_Session takes no triggers (a logout's is afterLogout)");
    }
    return className;
  }

  /** How a function's validator is named among the validators ("function.NAME"); triggers' as theirs ("beforeSave.Class"). */
  static final String FUNCTION = "function.";
  private final Map<String, Validator> validators = new TreeMap<>();

  Map<String, Validator> validators() {
    return validators;
  }

  Map<String, Function> functions() {
    return functions;
  }

  /**
   * Who opens a LiveQuery connection, or subscribes on one: the user's id (null when not signed in),
   * whether by the master key, the installation, the connection's id and the address it came from.
   */
  public record LiveQueryConnection(String userId, boolean master, String installationId, String clientId, String ip) {
  }

  /** A beforeConnect trigger (Parse.Cloud.beforeConnect): throwing refuses the connection. */
  public interface BeforeConnect {
    void run(LiveQueryConnection client) throws Exception;
  }

  /**
   * A subscription being made: its query as the client sent it ({className, where, keys, fields, watch},
   * each but the className optional) and its request id.
   */
  public record SubscribeRequest(String className, JsonObject query, int requestId, LiveQueryConnection client) {
  }

  /**
   * A beforeSubscribe trigger: answers the query to subscribe with (the one given, narrowed, or null to
   * keep it; its className stays the subscription's); throwing refuses the subscription.
   */
  public interface BeforeSubscribe {
    JsonObject run(SubscribeRequest request) throws Exception;
  }

  /**
   * An event about to be sent to one subscription: its name (create, enter, update, leave, delete), the
   * object as the subscriber would receive it (every field: keys and fields hidden from the subscriber are
   * taken out of what the trigger answers) and the object before the change (null for create and enter).
   */
  public record EventRequest(String className, String event, JsonObject object, JsonObject original, int requestId,
                             LiveQueryConnection client) {
  }

  /**
   * An afterEvent trigger: answers the object to send (request.object() to send it as it is), or null to
   * send this subscriber nothing; throwing sends it an error (141 with the message) instead of the event.
   */
  public interface AfterEvent {
    JsonObject run(EventRequest request) throws Exception;
  }

  private BeforeConnect beforeConnect;
  private final Map<String, BeforeSubscribe> beforeSubscribe = new TreeMap<>();
  private final Map<String, AfterEvent> afterEvent = new TreeMap<>();

  public Cloud beforeConnect(BeforeConnect trigger) {
    beforeConnect = trigger;
    return this;
  }

  public Cloud beforeSubscribe(String className, BeforeSubscribe trigger) {
    beforeSubscribe.put(className, trigger);
    return this;
  }

  public Cloud afterEvent(String className, AfterEvent trigger) {
    afterEvent.put(className, trigger);
    return this;
  }

  BeforeConnect beforeConnectTrigger() {
    return beforeConnect;
  }

  Map<String, BeforeSubscribe> beforeSubscribeTriggers() {
    return beforeSubscribe;
  }

  Map<String, AfterEvent> afterEventTriggers() {
    return afterEvent;
  }
}
