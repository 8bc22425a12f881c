package dev.parsec.users;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import dev.parsec.config.PasswordHashing;
import dev.parsec.error.ParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Hashes and checks passwords on a worker pool shared by the node's verticles, never on an event
 * loop; the pool's size caps the hashes a node computes at once. New hashes are Argon2id at OWASP's
 * parameters; bcrypt hashes made by Parse Server still verify, and are then to be replaced.
 *
 * <p>Under a login storm a check is refused (155, try later) rather than left waiting: at once when too
 * many already wait, and when it is not done within the configured time, whether it waited or hashed. One
 * whose time was up before a thread took it is dropped unhashed, so a backlog drains at once: judging the
 * wait when the work is taken, not when it arrives, is CoDel's idea (a queue may absorb a burst, never hold a
 * request past its client's patience). A check that could not finish in its remaining time (judged by the recent
 * hashes' duration) is dropped unhashed too: a hash whose answer would come after the 155 is CPU taken from the
 * checks that can still succeed.
 */
public final class PasswordHasher {

  private static final String POOL_NAME = "parsec-password-hashing";

  /** What checking a password found: whether it matched, and the hash to store instead when the old one is outdated. */
  public record Check(boolean matches, String rehashed) {
  }

  /** Hashes waiting per thread before new ones are refused: a login flood must not queue without end. */
  private static final int QUEUE_PER_THREAD = 32;

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final int maxWaiting;
  private final long timeoutMillis;
  private final int nice;
  private final AtomicInteger waiting = new AtomicInteger();
  /** How long a hash took lately (nanoseconds, a moving average); 0 until the first. */
  private final AtomicLong hashNanos = new AtomicLong();

  public PasswordHasher(Vertx vertx, PasswordHashing settings) {
    this.vertx = vertx;
    this.workers = vertx.createSharedWorkerExecutor(POOL_NAME, settings.threads());
    this.maxWaiting = settings.threads() * QUEUE_PER_THREAD;
    this.timeoutMillis = settings.timeout().toMillis();
    this.nice = settings.nice();
  }

  public Future<String> hash(String password) {
    return bounded(() -> Argon2Hash.make(password));
  }

  /**
   * Runs a hash on the pool, or refuses it (155): at once when too many already wait; when its time is up before
   * it is done (the caller is answered then; a hash still running is left to finish, its result unused); and
   * unstarted when a thread takes it too late to finish in time.
   */
  private <T> Future<T> bounded(Callable<T> work) {
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      return Future.failedFuture(refused("Too many password checks waiting"));
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    Promise<T> answer = Promise.promise();
    workers.<T>executeBlocking(() -> {
      ThreadNice.lowerCurrentThread(nice);
      long started = System.nanoTime();
      if (timeoutMillis > 0 && started + expectedNanos() - deadline > 0) {
        throw refused("The password check waited too long");
      }
      T result = work.call();
      long took = System.nanoTime() - started;
      hashNanos.updateAndGet(average -> average == 0 ? took : average + (took - average) / 8);
      return result;
    }, false).onComplete(done -> {
      waiting.decrementAndGet();
      if (done.succeeded()) {
        answer.tryComplete(done.result());
      } else {
        answer.tryFail(done.cause());
      }
    });
    if (timeoutMillis > 0) {
      long timer = vertx.setTimer(timeoutMillis, id -> answer.tryFail(refused("The password check took too long")));
      answer.future().onComplete(done -> vertx.cancelTimer(timer));
    }
    return answer.future();
  }

  /**
   * How long the next hash will likely take; 0 once that is as long as the whole timeout (a slow spell, say): then
   * only checks already out of time are dropped, so hashes go on running and the average comes back down, rather
   * than every check being dropped unhashed for good.
   */
  private long expectedNanos() {
    long expected = hashNanos.get();
    return expected < timeoutMillis * 1_000_000 ? expected : 0;
  }

  /** 155 with HTTP 429 (Too Many Requests), as a rate limit: a client's request refused for now, not a bad one (400). */
  private static ParseException refused(String why) {
    return new ParseException(ParseException.REQUEST_LIMIT_EXCEEDED, why + "; try again shortly.", 429);
  }

  /**
   * Checks a password against a stored hash. A matching bcrypt hash, or an Argon2 hash at other
   * parameters, comes back with its Argon2id replacement. A null hash (a user without a password)
   * costs the same time as a real check and never matches, so a caller cannot tell the two apart.
   */
  public Future<Check> check(String password, String hash) {
    return bounded(() -> {
      Argon2Hash argon2 = hash == null ? null : Argon2Hash.parse(hash);
      if (argon2 != null) {
        boolean matches = argon2.matches(password);
        return new Check(matches, matches && !argon2.current() ? Argon2Hash.make(password) : null);
      }
      if (hash != null && hash.startsWith("$2")) {
        boolean matches = bcryptMatches(password, hash);
        return new Check(matches, matches ? Argon2Hash.make(password) : null);
      }
      Dummy.HASH.matches(password);
      return new Check(false, null);
    });
  }

  /** Parse Server's bcrypt hashes ($2a$, $2b$, $2y$); a malformed one never matches. */
  private static boolean bcryptMatches(String password, String hash) {
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  public Future<Void> close() {
    return workers.close();
  }

  /** A hash of no one's password, made on first use (on a worker), for checks that must not match. */
  private static final class Dummy {
    static final Argon2Hash HASH = Argon2Hash.parse(Argon2Hash.make("parsec-no-such-user"));
  }
}
