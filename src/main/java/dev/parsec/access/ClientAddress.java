package dev.parsec.access;

import dev.parsec.config.Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a call came from. Behind trusted proxies (a load balancer on this machine, by default) the
 * connection's address is the proxy's: the client is then the last address in X-Forwarded-For that is
 * not a trusted proxy. The header is read across all its lines (several lines are one list, in order);
 * entries a client wrote itself stand to the left of those its proxies appended, so they are never reached.
 */
public final class ClientAddress {

  private final List<Cidr> trustedProxies;

  public ClientAddress(List<Cidr> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * @param remote the connection's peer address
   * @param forwardedFor every X-Forwarded-For line of the request, in order (empty when none)
   */
  public String of(String remote, List<String> forwardedFor) {
    if (forwardedFor.isEmpty() || !trusted(remote)) {
      return remote;
    }
    List<String> hops = new ArrayList<>();
    for (String line : forwardedFor) {
      for (String hop : line.split(",")) {
        hops.add(hop.trim());
      }
    }
    String address = remote;
    for (int i = hops.size() - 1; i >= 0; i--) {
      address = hops.get(i);
      if (!trusted(address)) {
        return address;
      }
    }
    return address;
  }

  private boolean trusted(String address) {
    for (Cidr range : trustedProxies) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
