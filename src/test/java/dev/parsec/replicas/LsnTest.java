package dev.parsec.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WAL positions as PostgreSQL writes them (pg_lsn) compare as numbers")
class LsnTest {

  @Test
  @DisplayName("both hexadecimal halves count, the high one first; null (not replaying) is below every position")
  void parse() {
    assertEquals((0x16L << 32) | 0xB374D848L, Lsn.parse("16/B374D848"));
    assertEquals(0x3000060L, Lsn.parse("0/3000060"));
    assertTrue(Lsn.parse("1/0") > Lsn.parse("0/FFFFFFFF"));
    assertEquals(-1, Lsn.parse(null));
    assertTrue(Lsn.parse(null) < Lsn.parse("0/0"));
  }
}
