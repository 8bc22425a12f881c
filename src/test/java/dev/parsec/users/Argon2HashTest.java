package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Argon2HashTest {

  private static final String PASSWORD = "correct horse battery";
  // Made by password4j 1.8.4, which hashed Parsec's passwords before Bouncy Castle: stored hashes must keep working.
  private static final String EARLIER_CURRENT = "$argon2id$v=19$m=19456,t=2,p=1$9TeWDpuKiwyGY4/L8UrGedvfnYKme9l0+Ic5pp00y"
      + "GnGQelIv0qxntAuFIU0fDd07XrrdKFQBg9TAlQdqj8rDQ$phSNCPdm29zIqVfg1K2SPNZo0M1xZmw52QZSC3iWyzo";
  private static final String EARLIER_WEAKER = "$argon2id$v=19$m=4096,t=3,p=1$D43HtfCztS7FGMSsMULFjh3oLfVK8+5mZ1pDJDfaq"
      + "YSBE18eRs6S90ItW92Y7B1kaJGYxXOaxYNyHoov2/iXdw$JOdfrRjvnDHV6bXQwuYzzTs7Mu393EG7Orq9Y/ZpYT8";
  private static final String EARLIER_ARGON2I = "$argon2i$v=19$m=4096,t=3,p=1$05jtobGtFIMr42ZGXvDEh+BugEwXLiZjGkJU0JOmQ"
      + "RpMKC5AKY1xsXHJi+w4GaIuFu2rc7XvcdmuFmqaxOQ19Q$nTOc/0piuVSSPa3mmUYp7Oqef24f0JzbwaNnrmkztlk";

  @Test
  @DisplayName("hashes stored by the earlier library check, and only those at other parameters are to be replaced")
  void earlierHashesCheck() {
    Argon2Hash current = Argon2Hash.parse(EARLIER_CURRENT);
    assertTrue(current.matches(PASSWORD));
    assertFalse(current.matches(PASSWORD + " "));
    assertTrue(current.current());
    for (String weaker : new String[] {EARLIER_WEAKER, EARLIER_ARGON2I}) {
      Argon2Hash hash = Argon2Hash.parse(weaker);
      assertTrue(hash.matches(PASSWORD), weaker);
      assertFalse(hash.matches("correct horse batterY"), weaker);
      assertFalse(hash.current(), weaker);
    }
  }

  @Test
  @DisplayName("a new hash is Argon2id at OWASP's parameters with a fresh salt, and reads back as written")
  void newHashes() {
    String one = Argon2Hash.make(PASSWORD);
    String two = Argon2Hash.make(PASSWORD);
    assertTrue(one.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), one);
    assertNotEquals(one, two, "each hash has its own salt");
    Argon2Hash parsed = Argon2Hash.parse(one);
    assertEquals(one, parsed.encoded());
    assertTrue(parsed.matches(PASSWORD));
    assertFalse(parsed.matches("correct horse"));
    assertTrue(Argon2Hash.parse(Argon2Hash.make("pässwörd ✓")).matches("pässwörd ✓"));
  }

  @Test
  @DisplayName("a malformed or unreasonable stored hash is not an Argon2 hash, never an error")
  void malformed() {
    for (String stored : new String[] {"", "$argon2id$", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$",
        "$argon2id$v=19$m=19456,t=2,p=1$!!!$aGFzaGhhc2g", "$argon2id$v=18$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=99999999999,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=8000000,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", "$argon2x$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$2b$10$abcdefghijklmnopqrstuv"}) {
      assertNull(Argon2Hash.parse(stored), stored);
    }
  }
}
