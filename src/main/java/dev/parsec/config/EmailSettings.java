package dev.parsec.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Mail sent to users (email verification, password reset) over SMTP, and the rules around it
 * (Parse Server's verifyUserEmails, preventLoginWithUnverifiedEmail and token validity durations).
 * Without an SMTP host no mail is sent and the mail flows answer that they are not configured.
 */
public record EmailSettings(
    Optional<String> smtpHost,
    int smtpPort,
    Optional<String> smtpUsername,
    Optional<String> smtpPassword,
    Security security,
    String from,
    String appName,
    boolean verifyUserEmails,
    boolean preventLoginWithUnverifiedEmail,
    Duration verifyTokenValidity,
    Duration resetTokenValidity) {

  /** How the SMTP connection is protected: not at all, upgraded by STARTTLS, or TLS from the start. */
  public enum Security { NONE, STARTTLS, TLS }

  public boolean configured() {
    return smtpHost.isPresent();
  }

  /** The password is a secret: never in logs or dumps. */
  @Override
  public String toString() {
    return "EmailSettings[smtp=" + smtpHost.orElse("none") + ":" + smtpPort + ", security=" + security + ", from=" + from + "]";
  }
}
