package dev.parsec.security;

/** What a call does with a class, as class-level permissions name it. */
public enum Operation {
  GET("get"), FIND("find"), COUNT("count"), CREATE("create"), UPDATE("update"), DELETE("delete"), ADD_FIELD("addField");

  private final String key;

  Operation(String key) {
    this.key = key;
  }

  /** The operation's key in class-level permissions ("get", "addField"...). */
  public String key() {
    return key;
  }

  public boolean reads() {
    return this == GET || this == FIND || this == COUNT;
  }
}
