package dev.parsec.access;

import dev.parsec.access.Access.Key;
import dev.parsec.config.Cidr;
import dev.parsec.config.ClientKeys;
import dev.parsec.error.ParseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The one judge of the keys a call carries, for REST calls, file uploads and LiveQuery connections alike, in
 * Parse Server's order: the maintenance key (from a network of maintenance_key_ips; from elsewhere it counts
 * for nothing), the master key and the read-only master key (both from master_key_ips only: from another network,
 * 403), and
 * otherwise, once any client key is configured, one matching client key, or 403 {"error":"unauthorized"}.
 * Every comparison takes the same time whatever the keys share; no key is ever logged.
 */
public final class CallKeys {

  /** The keys a call carries (null: not given). */
  public record Given(String masterKey, String maintenanceKey, String clientKey, String javascriptKey,
                      String restApiKey, String windowsKey) {

    @Override
    public String toString() {
      return "Given[keys hidden]";
    }
  }

  private final MasterKey masterKey;
  private final byte[] readOnlyMasterKey;
  private final byte[] maintenanceKey;
  private final List<Cidr> maintenanceKeyIps;
  private final byte[] clientKey;
  private final byte[] javascriptKey;
  private final byte[] restApiKey;
  private final byte[] dotnetKey;
  private final boolean clientKeyRequired;

  public CallKeys(MasterKey masterKey, ClientKeys keys) {
    this.masterKey = masterKey;
    this.readOnlyMasterKey = bytes(keys.readOnlyMasterKey().orElse(null));
    this.maintenanceKey = bytes(keys.maintenanceKey().orElse(null));
    this.maintenanceKeyIps = List.copyOf(keys.maintenanceKeyIps());
    this.clientKey = bytes(keys.clientKey().orElse(null));
    this.javascriptKey = bytes(keys.javascriptKey().orElse(null));
    this.restApiKey = bytes(keys.restApiKey().orElse(null));
    this.dotnetKey = bytes(keys.dotnetKey().orElse(null));
    this.clientKeyRequired = keys.clientKeyRequired();
  }

  /**
   * The key the call holds.
   *
   * @throws ParseException 403 unauthorized for the master key from a network not allowed, or for a call without
   *     a matching client key once any is configured
   */
  public Key judge(Given given, String address) {
    if (matches(maintenanceKey, given.maintenanceKey()) && allowed(address)) {
      return Key.MAINTENANCE;
    }
    if (masterKey.holds(given.masterKey(), address)) {
      return Key.MASTER;
    }
    if (matches(readOnlyMasterKey, given.masterKey())) {
      masterKey.checkNetwork(address);
      return Key.READ_ONLY_MASTER;
    }
    if (clientKeyRequired && !(matches(clientKey, given.clientKey()) | matches(javascriptKey, given.javascriptKey())
        | matches(restApiKey, given.restApiKey()) | matches(dotnetKey, given.windowsKey()))) {
      throw ParseException.unauthorized();
    }
    return Key.NONE;
  }

  private boolean allowed(String address) {
    return address != null && maintenanceKeyIps.stream().anyMatch(range -> range.contains(address));
  }

  /** Whether a configured key (null: none) is the given one, in constant time for keys of one length. */
  private static boolean matches(byte[] configured, String given) {
    return configured != null && given != null && MessageDigest.isEqual(configured, given.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String key) {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }
}
