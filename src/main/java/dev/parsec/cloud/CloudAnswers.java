package dev.parsec.cloud;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cloud code for a message from the event bus on a cloud code thread ({@link CloudThreads}), unordered (one
 * slow function holds up no other call on the node), and answers the message: the code's result, or its failure
 * with its code: a validator's or rate limit's refusal ({@link CloudRefusal}), a {@link ParseError}'s own, 141 for
 * anything else (ignored for after* triggers).
 */
final class CloudAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(CloudAnswers.class);

  private final Context context;
  private final CloudThreads threads;

  CloudAnswers(Context context, CloudThreads threads) {
    this.context = context;
    this.threads = threads;
  }

  /** Runs the code on one of the threads, its outcome completed on the context. */
  <T> Future<T> run(Callable<T> code) {
    return threads.run(context, code);
  }

  void answer(Message<JsonObject> message, String what, Callable<JsonObject> code) {
    answerLater(message, what, () -> Future.succeededFuture(code.call()));
  }

  /** As {@link #answer}, for code that answers a Future: the reply waits for it, holding no thread. */
  void answerLater(Message<JsonObject> message, String what, Callable<Future<JsonObject>> code) {
    threads.run(context, code).compose(answered -> answered == null ? Future.succeededFuture(new JsonObject()) : answered)
        .onComplete(done -> {
          if (done.succeeded()) {
            message.reply(done.result());
          } else {
            fail(message, what, done.cause());
          }
        });
  }

  /** Answers a failure: a refusal with its code (142 from a validator, a rate limit's), a ParseError's, else 141. */
  static void fail(Message<JsonObject> message, String what, Throwable e) {
    if (e instanceof CloudRefusal refusal) {
      message.fail(refusal.code(), refusal.getMessage());
      return;
    }
    LOG.info("cloud {} failed: {}", what, e.toString());
    message.fail(code(e), messageOf(e));
  }

  /** The Parse error code a failure of cloud code answers: a {@link ParseError}'s own, 141 for anything else. */
  static int code(Throwable failure) {
    return failure instanceof ParseError parse ? parse.code() : FunctionRunner.SCRIPT_FAILED;
  }

  /** The message a failure of cloud code answers. */
  static String messageOf(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }
}
