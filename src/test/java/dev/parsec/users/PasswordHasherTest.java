package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.PasswordHashing;
import dev.parsec.error.ParseException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  @Test
  @DisplayName("when hashes take longer than password_hash_timeout, checks on an idle pool are still hashed (answered 155 when the time is up), never all dropped unhashed for good")
  void slowHashesDoNotStopHashing() throws Exception {
    Vertx vertx = Vertx.vertx();
    // 40 ms: shorter than an Argon2id hash at 19 MiB (about 75 ms here), so the average a hash leaves behind is
    // longer than the timeout; longer than an idle worker takes to start a check
    PasswordHasher hasher = new PasswordHasher(vertx, new PasswordHashing(1, Duration.ofMillis(40), 0));
    try {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        try {
          hasher.check("a password", null).await(10, TimeUnit.SECONDS);
          answers.add("checked");
        } catch (ParseException refused) {
          assertEquals(ParseException.REQUEST_LIMIT_EXCEEDED, refused.code());
          answers.add(refused.getMessage());
        }
        Thread.sleep(500); // the refused check's hash finishes on its thread: the pool is idle again
      }
      assertTrue(answers.subList(1, 4).stream().noneMatch(answer -> answer.startsWith("The password check waited too long")),
          "no check after the first was dropped unhashed on an idle pool: " + answers);
    } finally {
      hasher.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
