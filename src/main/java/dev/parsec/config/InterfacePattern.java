package dev.parsec.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An IPv4 address pattern as Hazelcast's interfaces setting reads it: four parts, each a number, {@code *},
 * or a range {@code 4-18}. Checked here so that a typo stops the start instead of leaving a node alone.
 */
final class InterfacePattern {

  private InterfacePattern() {
  }

  static String check(String key, String pattern) {
    String[] parts = pattern.split("\\.", -1);
    boolean valid = parts.length == 4;
    for (int i = 0; valid && i < 4; i++) {
      valid = parts[i].equals("*") || parts[i].matches("\\d{1,3}(-\\d{1,3})?") && range(parts[i])[1] <= 255
          && range(parts[i])[0] <= range(parts[i])[1];
    }
    if (!valid) {
      throw new ConfigException(key, "'" + pattern + "' is not an IPv4 address pattern like 10.0.*.* or 10.3.10.4-18");
    }
    return pattern;
  }

  static boolean matches(String pattern, String address) {
    String[] parts = pattern.split("\\.");
    String[] octets = address.split("\\.");
    if (octets.length != 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (!parts[i].equals("*")) {
        int[] range = range(parts[i]);
        int octet;
        try {
          octet = Integer.parseInt(octets[i]);
        } catch (NumberFormatException e) {
          return false;
        }
        if (octet < range[0] || octet > range[1]) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean matchesAny(List<String> patterns, String address) {
    return patterns.stream().anyMatch(pattern -> matches(pattern, address));
  }

  /** The first IPv4 address of this machine's interfaces that a pattern matches, in the patterns' order. */
  static Optional<String> localAddress(List<String> patterns) {
    List<String> addresses = localAddresses();
    for (String pattern : patterns) {
      for (String address : addresses) {
        if (matches(pattern, address)) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  static List<String> localAddresses() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .flatMap(NetworkInterface::inetAddresses)
          .filter(Inet4Address.class::isInstance)
          .map(InetAddress::getHostAddress)
          .toList();
    } catch (SocketException e) {
      return List.of();
    }
  }

  private static int[] range(String part) {
    int dash = part.indexOf('-');
    return dash < 0
        ? new int[] {Integer.parseInt(part), Integer.parseInt(part)}
        : new int[] {Integer.parseInt(part.substring(0, dash)), Integer.parseInt(part.substring(dash + 1))};
  }
}
