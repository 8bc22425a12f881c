package dev.parsec.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP server for tests (RFC 5321's commands: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) that
 * keeps every mail it is given, so a test can read what Parsec sent and follow its links.
 */
public final class LocalSmtpServer implements AutoCloseable {

  /** One mail as delivered: envelope recipients and the message (headers and body, transfer encoding undone). */
  public record Mail(List<String> recipients, String message) {

    /** The first URL in the body. */
    public String link() {
      Matcher url = Pattern.compile("https?://\\S+").matcher(message);
      if (!url.find()) {
        throw new AssertionError("no link in " + message);
      }
      return url.group();
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final NetServer server;
  private final List<Mail> mails = new CopyOnWriteArrayList<>();

  public LocalSmtpServer() {
    server = vertx.createNetServer().connectHandler(this::session).listen(0, "127.0.0.1").await();
  }

  public int port() {
    return server.actualPort();
  }

  public List<Mail> mails() {
    return mails;
  }

  /** The first mail to the address, waiting up to ten seconds for it. */
  public Mail awaitMailTo(String address) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (Mail mail : mails) {
        if (mail.recipients().contains(address)) {
          return mail;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no mail to " + address + "; got " + mails);
  }

  public void clear() {
    mails.clear();
  }

  private void session(NetSocket socket) {
    List<String> recipients = new CopyOnWriteArrayList<>();
    StringBuilder data = new StringBuilder();
    boolean[] inData = {false};
    socket.write("220 localhost ESMTP test\r\n");
    RecordParser lines = RecordParser.newDelimited("\r\n", line -> {
      String text = line.toString(StandardCharsets.UTF_8);
      if (inData[0]) {
        if (text.equals(".")) {
          inData[0] = false;
          mails.add(new Mail(List.copyOf(recipients), decode(data.toString())));
          recipients.clear();
          data.setLength(0);
          socket.write("250 OK queued\r\n");
        } else {
          data.append(text.startsWith("..") ? text.substring(1) : text).append("\r\n");
        }
        return;
      }
      String command = text.length() < 4 ? text.toUpperCase(Locale.ROOT) : text.substring(0, 4).toUpperCase(Locale.ROOT);
      switch (command) {
        case "EHLO" -> socket.write("250-localhost\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
        case "HELO", "MAIL", "RSET", "NOOP" -> socket.write("250 OK\r\n");
        case "RCPT" -> {
          Matcher address = Pattern.compile("<([^>]*)>").matcher(text);
          recipients.add(address.find() ? address.group(1) : text.substring(8).trim());
          socket.write("250 OK\r\n");
        }
        case "DATA" -> {
          inData[0] = true;
          socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
        }
        case "QUIT" -> socket.write("221 Bye\r\n").onComplete(v -> socket.close());
        default -> socket.write("502 Command not implemented\r\n");
      }
    });
    socket.handler(lines);
  }

  /** Undoes quoted-printable (soft line breaks and =XX), which mail clients use for long lines and '='. */
  private static String decode(String message) {
    if (!message.toLowerCase(Locale.ROOT).contains("content-transfer-encoding: quoted-printable")) {
      return message;
    }
    String joined = message.replace("=\r\n", "");
    Matcher escaped = Pattern.compile("=([0-9A-F]{2})").matcher(joined);
    StringBuilder out = new StringBuilder();
    while (escaped.find()) {
      escaped.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escaped.group(1), 16))));
    }
    escaped.appendTail(out);
    return out.toString();
  }

  @Override
  public void close() {
    vertx.close().await();
  }

}
