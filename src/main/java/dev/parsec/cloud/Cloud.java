package dev.parsec.cloud;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * What cloud code modules define. A function runs on a worker thread of a node with workers (it may
 * block: call a web service, read a file), never on an event loop; its result must be JSON-able
 * (JsonObject, JsonArray, a Map or List of such, a String, number, boolean or null). A function that
 * throws answers the caller Parse's 141 with the exception's message.
 */
public final class Cloud {

  /** A cloud function (Parse.Cloud.define). */
  public interface Function {
    Object run(Request request) throws Exception;
  }

  /** A call: its params, and who made it (user id, null when not signed in; master key; installation). */
  public record Request(JsonObject params, String userId, boolean master, String installationId) {
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
  }

  private final Map<String, Function> functions = new TreeMap<>();
  private final Map<String, Job> jobs = new TreeMap<>();

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
