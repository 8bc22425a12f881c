package dev.parsec.serverinfo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Parsec's version, as Maven wrote it into parsec-version.properties at build time. */
public final class Version {

  public static final String PARSEC = read();

  private Version() {
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("/parsec-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "unknown");
      return version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
