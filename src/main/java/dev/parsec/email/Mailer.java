package dev.parsec.email;

import dev.parsec.config.EmailSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mail to users over SMTP with Vert.x's non-blocking mail client. A mail that cannot be sent
 * is logged (address and reason, never credentials or the mail's links) and fails no request: the
 * user can ask again.
 */
public final class Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

  private final EmailSettings settings;
  private final MailClient client;

  public Mailer(Vertx vertx, EmailSettings settings) {
    this.settings = settings;
    this.client = settings.configured() ? MailClient.create(vertx, config(settings)) : null;
  }

  public boolean configured() {
    return client != null;
  }

  public String appName() {
    return settings.appName();
  }

  public Future<Void> send(String to, String subject, String text) {
    if (client == null) {
      return Future.succeededFuture();
    }
    MailMessage mail = new MailMessage().setFrom(settings.from()).setTo(to).setSubject(subject).setText(text);
    return client.sendMail(mail).<Void>mapEmpty().onFailure(e -> LOG.warn("mail to {} not sent: {}", to, e.getMessage()));
  }

  private static MailConfig config(EmailSettings settings) {
    MailConfig config = new MailConfig()
        .setHostname(settings.smtpHost().orElseThrow())
        .setPort(settings.smtpPort())
        .setSsl(settings.security() == EmailSettings.Security.TLS)
        .setStarttls(settings.security() == EmailSettings.Security.STARTTLS ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
        .setLogin(settings.smtpUsername().isPresent() ? LoginOption.REQUIRED : LoginOption.DISABLED);
    settings.smtpUsername().ifPresent(config::setUsername);
    settings.smtpPassword().ifPresent(config::setPassword);
    return config;
  }

  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
