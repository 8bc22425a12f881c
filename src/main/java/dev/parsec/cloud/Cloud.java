package dev.parsec.cloud;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * What cloud code modules define. A function runs on a worker thread of a node with workers (it may
 * block: call a web service, read a file), never on an event loop; its result must be JSON-able
 * (JsonObject, JsonArray, a Map or List of such, a String, number, boolean or null), or a {@link
 * io.vertx.core.Future} of one, which the caller is answered once it completes (no thread is held meanwhile). A
 * function (or trigger, or job) that throws, or whose Future fails, a {@link ParseError} answers the caller its code
 * and message; anything else answers Parse's 141 with the exception's message.
 *
 * <p>Each request's {@code data()} reads and writes the app's data as the caller ({@link Data}). Its Futures
 * complete on an event loop: code that waits for one may block its worker thread with {@code future.await()},
 * or compose it without blocking, but must never block inside a callback ({@code map}, {@code compose},
 * {@link Query#each}'s handler).
 */
public final class Cloud {

  /** A cloud function (Parse.Cloud.define). */
  public interface Function {
    Object run(Request request) throws Exception;
  }

  /**
   * A call: its params, and who made it (user id, null when not signed in; master key; installation); data reads
   * and writes as the caller ({@code data().asMaster()} for the master key).
   */
  public record Request(JsonObject params, String userId, boolean master, String installationId, Data data) {
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
   * throwing refuses the save: a {@link ParseError} with its code, anything else with 141 and the exception's message.
   */
  public interface BeforeSave {
    JsonObject run(TriggerRequest request) throws Exception;
  }

  /** A beforeDelete (throwing refuses the delete, as a beforeSave's throw refuses a save), afterSave or afterDelete trigger. */
  public interface Trigger {
    void run(TriggerRequest request) throws Exception;
  }

  /** An object of a class being saved or deleted (its fields as sent, or as saved), and who asked. */
  public record TriggerRequest(String className, String objectId, JsonObject object, String userId, boolean master, Data data) {
  }

  /**
   * A file being uploaded, before any byte is stored (size is -1 when the client did not declare it),
   * or once stored (with its stored name and url), and who uploads it.
   */
  public record FileRequest(String name, String contentType, long size, String url, String userId, boolean master, Data data) {
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
                            String userId, boolean master, Data data) {
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
    beforeFind.put(className, trigger);
    return this;
  }

  public Cloud afterFind(String className, AfterFind trigger) {
    afterFind.put(className, trigger);
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
    beforeSave.put(className, trigger);
    return this;
  }

  public Cloud afterSave(String className, Trigger trigger) {
    triggers.put("afterSave." + className, trigger);
    return this;
  }

  public Cloud beforeDelete(String className, Trigger trigger) {
    triggers.put("beforeDelete." + className, trigger);
    return this;
  }

  public Cloud afterDelete(String className, Trigger trigger) {
    triggers.put("afterDelete." + className, trigger);
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

  Map<String, Function> functions() {
    return functions;
  }
}
