package dev.parsec.livequery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("$regex in LiveQuery's matcher: a crafted pattern cannot hold an event loop")
class RegexMatchingTest {

  private static JsonObject name(Object value) {
    return new JsonObject().put("name", value);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @DisplayName("a pattern that would backtrack for hours gives up and does not match; ordinary ones still match")
  void backtrackingIsBounded() {
    // Java's engine memoizes plain nested quantifiers, not back-references: every way to split the a's
    // is tried before the final ! fails the match, for hours
    JsonObject where = name(new JsonObject().put("$regex", "^(a+)+\\1$"));
    assertFalse(QueryMatcher.matches(name("a".repeat(40) + "!"), where, Map.of()));
    assertTrue(QueryMatcher.matches(name("aaaa"), where, Map.of()));
    assertTrue(QueryMatcher.matches(name("x".repeat(200_000) + "needle"), name(new JsonObject().put("$regex", "needle")), Map.of()));
    assertTrue(QueryMatcher.matches(name("Hello"), name(new JsonObject().put("$regex", "^hello").put("$options", "i")), Map.of()));
  }

  @Test
  @DisplayName("a pattern that does not compile is a clear 102, also against an object without the field")
  void badPatternsAreRefused() {
    ParseException refused = assertThrows(ParseException.class,
        () -> QueryMatcher.matches(new JsonObject(), name(new JsonObject().put("$regex", "(unclosed")), Map.of()));
    assertEquals(ParseException.INVALID_QUERY, refused.code());
  }
}
