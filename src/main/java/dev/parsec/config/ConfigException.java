package dev.parsec.config;

/** A configuration value that cannot be used; the message names the key and the problem in one line. */
public class ConfigException extends RuntimeException {
  public ConfigException(String key, String problem) {
    super("configuration " + key + ": " + problem);
  }
}
