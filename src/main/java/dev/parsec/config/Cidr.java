package dev.parsec.config;

import java.math.BigInteger;
import java.net.InetAddress;

/** An address range like 127.0.0.0/8 or ::1/128, used for the master key allow-list. */
public record Cidr(byte[] network, int prefix) {

  public static Cidr parse(String key, String text) {
    String[] parts = text.trim().split("/", 2);
    try {
      if (!parts[0].matches("[0-9a-fA-F:.]+")) {
        throw new IllegalArgumentException();
      }
      byte[] addr = InetAddress.getByName(parts[0]).getAddress();
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : addr.length * 8;
      if (prefix < 0 || prefix > addr.length * 8) {
        throw new IllegalArgumentException();
      }
      return new Cidr(addr, prefix);
    } catch (Exception e) {
      throw new ConfigException(key, "'" + text + "' is not an address range like 10.0.0.0/8 or ::1/128");
    }
  }

  public boolean contains(String address) {
    byte[] candidate;
    try {
      if (!address.matches("[0-9a-fA-F:.%a-z]+")) {
        return false;
      }
      candidate = InetAddress.getByName(address).getAddress();
    } catch (Exception e) {
      return false;
    }
    if (candidate.length != network.length) {
      return false;
    }
    int bits = network.length * 8;
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
        .shiftRight(prefix).xor(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    return new BigInteger(1, candidate).and(mask).equals(new BigInteger(1, network).and(mask));
  }
}
