package dev.parsec.config;

import java.util.List;
import java.util.Optional;

/**
 * The keys besides the master key that Parse apps set. The client keys (client_key, javascript_key,
 * rest_api_key, dotnet_key) are optional; once any is set, every call without the master key must carry one
 * that matches, as in Parse Server. read_only_master_key reads as the master key and writes nothing;
 * maintenance_key acts as the master key on data (objects, users, sessions, installations), only from the
 * networks of maintenance_key_ips.
 */
public record ClientKeys(
    Optional<String> clientKey,
    Optional<String> javascriptKey,
    Optional<String> restApiKey,
    Optional<String> dotnetKey,
    Optional<String> readOnlyMasterKey,
    Optional<String> maintenanceKey,
    List<Cidr> maintenanceKeyIps) {

  /** Whether any client key is set, so that callers without the master key must carry one. */
  public boolean clientKeyRequired() {
    return clientKey.isPresent() || javascriptKey.isPresent() || restApiKey.isPresent() || dotnetKey.isPresent();
  }

  @Override
  public String toString() {
    // never print a key: configurations get logged
    return "ClientKeys[client=" + clientKey.isPresent() + ", javascript=" + javascriptKey.isPresent() + ", restApi="
        + restApiKey.isPresent() + ", dotnet=" + dotnetKey.isPresent() + ", readOnlyMaster=" + readOnlyMasterKey.isPresent()
        + ", maintenance=" + maintenanceKey.isPresent() + ", maintenanceKeyIps=" + maintenanceKeyIps + "]";
  }
}
