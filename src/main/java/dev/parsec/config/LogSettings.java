package dev.parsec.config;

/** How the node writes its log on stdout: the least severe level of Parsec's lines, and JSON or text lines. */
public record LogSettings(Level level, Format format) {

  public enum Level { ERROR, WARN, INFO, DEBUG }

  /** JSON: one object per line, for log shippers; TEXT: one readable line per event, for a terminal. */
  public enum Format { JSON, TEXT }
}
