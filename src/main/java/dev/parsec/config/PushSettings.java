package dev.parsec.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Push notifications: the credentials and endpoints of FCM (HTTP v1, service-account OAuth) and APNs
 * (HTTP/2, token auth), and how the workers fan a push out. A service is on when its credentials are set.
 *
 * @param fcmServiceAccount the service-account JSON, or the path of its file
 * @param fcmUrl FCM's base URL (the send URL is {fcmUrl}/v1/projects/{project}/messages:send)
 * @param apnsKey the .p8 signing key (PEM), or the path of its file
 * @param apnsUrl APNs' base URL (the device URL is {apnsUrl}/3/device/{token})
 * @param caFile PEM certificates trusted for both services instead of the JVM's (a proxy, or tests)
 * @param batchSize installations read from PostgreSQL and sent per batch
 * @param concurrency notifications in flight at once per push
 * @param maxAttempts tries per notification when a service answers 429 or 5xx
 * @param pollInterval how often each worker looks for scheduled pushes that are due
 */
public record PushSettings(
    Optional<String> fcmServiceAccount,
    String fcmUrl,
    Optional<String> apnsKey,
    Optional<String> apnsKeyId,
    Optional<String> apnsTeamId,
    Optional<String> apnsTopic,
    String apnsUrl,
    Optional<String> caFile,
    int batchSize,
    int concurrency,
    int maxAttempts,
    Duration pollInterval) {

  public static final String APNS_PRODUCTION = "https://api.push.apple.com";
  public static final String APNS_SANDBOX = "https://api.sandbox.push.apple.com";

  public boolean fcmEnabled() {
    return fcmServiceAccount.isPresent();
  }

  public boolean apnsEnabled() {
    return apnsKey.isPresent();
  }

  /** Secrets stay out of logs and error messages. */
  @Override
  public String toString() {
    return "PushSettings[fcm=" + (fcmEnabled() ? fcmUrl : "off") + ", apns=" + (apnsEnabled() ? apnsUrl : "off")
        + ", batchSize=" + batchSize + ", concurrency=" + concurrency + ", maxAttempts=" + maxAttempts
        + ", pollInterval=" + pollInterval + "]";
  }
}
