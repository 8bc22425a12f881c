package dev.parsec.config;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * An address range like 127.0.0.0/8 or ::1/128 (master_key_ips, trusted_proxies). Only literal
 * addresses: a host name would need DNS, which may block the event loop and would let whoever
 * answers for that name decide who is trusted.
 */
public record Cidr(byte[] network, int prefix) {

  private static final String EXPECTED = "address range like 10.0.0.0/8 or ::1/128 (host names are not resolved)";

  public static Cidr parse(String key, String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new ConfigException(key, "'" + text + "' is not an " + EXPECTED);
    }
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      String bits = trimmed.substring(slash + 1);
      if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > prefix) {
        throw new ConfigException(key, "'" + text + "' is not an " + EXPECTED);
      }
      prefix = Integer.parseInt(bits);
    }
    return new Cidr(bytes, prefix);
  }

  /** Whether a literal address lies in this range; anything else (a host name, garbage) does not, and is never resolved. */
  public boolean contains(String address) {
    byte[] candidate = literal(address);
    if (candidate == null || candidate.length != network.length) {
      return false;
    }
    int whole = prefix / 8;
    for (int i = 0; i < whole; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (candidate[whole] & mask) == (network[whole] & mask);
  }

  /**
   * The bytes of an IPv4 or IPv6 literal (an IPv6 zone like %eth0 is ignored), or null. An IPv4 address
   * written as IPv6 (::ffff:10.0.0.1, as a dual-stack socket reports it) gives its four IPv4 bytes.
   */
  static byte[] literal(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
    if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }
}
