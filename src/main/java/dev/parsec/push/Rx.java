package dev.parsec.push;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/** Vert.x futures in RxJava streams and back. The work starts when the stream subscribes, not before. */
final class Rx {

  private Rx() {
  }

  static <T> Single<T> single(Supplier<Future<T>> work) {
    return Single.create(emitter -> work.get().onComplete(result -> {
      if (result.succeeded()) {
        emitter.onSuccess(result.result());
      } else {
        emitter.tryOnError(result.cause());
      }
    }));
  }

  static Future<Void> future(Completable stream, java.util.function.Consumer<io.reactivex.rxjava3.disposables.Disposable> onSubscribe) {
    Promise<Void> done = Promise.promise();
    onSubscribe.accept(stream.subscribe(done::tryComplete, done::tryFail));
    return done.future();
  }
}
