package dev.parsec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Address ranges (master_key_ips, trusted_proxies): literal addresses only, never a DNS lookup")
class CidrTest {

  @Test
  @DisplayName("a host name in master_key_ips or trusted_proxies stops the start with one line naming the key")
  void hostNamesAreRefused() {
    for (String key : List.of("master_key_ips", "trusted_proxies")) {
      for (String name : List.of("localhost", "lb.internal", "cafe.be", "dead::beef.example")) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of(key, "10.0.0.0/8, " + name)));
        assertEquals("configuration " + key + ": '" + name + "' is not an address range like 10.0.0.0/8 or ::1/128"
            + " (host names are not resolved)", e.getMessage());
      }
    }
    for (String bad : List.of("10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.256", "10.0.0", "")) {
      assertThrows(ConfigException.class, () -> Cidr.parse("trusted_proxies", bad), bad);
    }
  }

  @Test
  @DisplayName("a name never matches, even one that resolves into the range: contains() does not resolve it")
  void namesNeverMatch() {
    Cidr loopback = Cidr.parse("master_key_ips", "127.0.0.0/8");
    // "localhost" resolves to 127.0.0.1: a lookup would have matched it
    assertFalse(loopback.contains("localhost"));
    assertFalse(loopback.contains("127.0.0.1.nip.io"));
    assertFalse(loopback.contains("0x7f.0.0.1"));
    assertFalse(loopback.contains(""));
    assertFalse(loopback.contains(null));
    assertFalse(Cidr.parse("master_key_ips", "::1/128").contains("ip6-localhost"));
  }

  @Test
  @DisplayName("literal IPv4 and IPv6 addresses match by prefix, IPv4-mapped IPv6 as IPv4")
  void literalsMatchByPrefix() {
    Cidr ten = Cidr.parse("trusted_proxies", " 10.0.0.0/8 ");
    assertTrue(ten.contains("10.255.1.2"));
    assertFalse(ten.contains("11.0.0.1"));
    assertTrue(ten.contains("::ffff:10.1.2.3"), "a dual-stack socket's IPv4 client");
    assertFalse(ten.contains("fd00::1"));

    Cidr odd = Cidr.parse("trusted_proxies", "192.168.4.0/22");
    assertTrue(odd.contains("192.168.7.255"));
    assertFalse(odd.contains("192.168.8.0"));
    assertFalse(odd.contains("192.168.3.255"));

    Cidr six = Cidr.parse("master_key_ips", "fd12:3456::/32");
    assertTrue(six.contains("fd12:3456:0:0:0:0:0:1"));
    assertTrue(six.contains("[fd12:3456::2]"));
    assertTrue(six.contains("fd12:3456::3%eth0"));
    assertFalse(six.contains("fd12:3457::1"));
    assertFalse(six.contains("10.0.0.1"));

    assertTrue(Cidr.parse("master_key_ips", "::1").contains("0:0:0:0:0:0:0:1"));
    assertTrue(Cidr.parse("master_key_ips", "203.0.113.7").contains("203.0.113.7"));
    assertFalse(Cidr.parse("master_key_ips", "203.0.113.7").contains("203.0.113.8"));
    assertTrue(Cidr.parse("master_key_ips", "0.0.0.0/0").contains("8.8.8.8"));
  }
}
