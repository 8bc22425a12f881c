package dev.parsec.access;

import dev.parsec.config.Cidr;
import dev.parsec.error.ParseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The one decision whether a call holds the master key, for REST and LiveQuery alike: the key must match
 * and the call must come from a network of master_key_ips. The right key from anywhere else is refused
 * outright (403), as Parse Server refuses it; a wrong key is no key.
 */
public final class MasterKey {

  private final byte[] key;
  private final List<Cidr> allowed;

  public MasterKey(String key, List<Cidr> allowed) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
    this.allowed = List.copyOf(allowed);
  }

  /**
   * Whether the given key (null: none) is the master key, from the client address given.
   *
   * @throws ParseException 403 for the master key from a network not allowed
   */
  public boolean holds(String given, String address) {
    if (given == null || !MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
      return false;
    }
    checkNetwork(address);
    return true;
  }

  /**
   * Refuses (403) a call from a network not in master_key_ips: asked for every key that reads as the master
   * key (the read-only master key too, which reads every session token).
   */
  public void checkNetwork(String address) {
    if (address == null || allowed.stream().noneMatch(range -> range.contains(address))) {
      throw ParseException.unauthorized();
    }
  }
}
