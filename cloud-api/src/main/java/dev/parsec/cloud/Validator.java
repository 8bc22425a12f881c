package dev.parsec.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a function's or trigger's calls must satisfy before it runs, as Parse Server's validator object
 * (Parse.Cloud.define(name, fn, {requireUser: true, fields: {...}, rateLimit: {...}})). A call that fails
 * it is refused with 142 (VALIDATION_ERROR) and Parse Server's message, and the code does not run; a
 * function over its rate limit is refused with 429 and Parse's 100 "Too many requests.".
 *
 * <p>The master key passes every check unless {@link #validateMasterKey()}, as in Parse Server. Fields
 * are the function's params, or a trigger's object (a default or a constant then changes the object saved).
 *
 * <pre>{@code
 * cloud.define("vote", fn, Validator.create().requireUser()
 *     .field("score", Validator.Field.of(Validator.Type.NUMBER).required().options(v -> ((Number) v).intValue() <= 10))
 *     .rateLimit(5, Duration.ofMinutes(1)));
 * }</pre>
 */
public final class Validator {

  /** A field's JSON type, as Parse Server names them in its messages. */
  public enum Type {
    STRING, NUMBER, BOOLEAN, ARRAY, OBJECT;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whose calls a rate limit counts together: each client address (Parse Server's default), each user, or all. */
  public enum RateZone {
    IP, USER, GLOBAL
  }

  /** What one field must be: its type, whether it is required, a default, a constant, the values it may take. */
  public static final class Field {
    private final Type type;
    private boolean required;
    private Object defaultValue;
    private boolean constant;
    private List<Object> options;
    private Predicate<Object> accepts;
    private String error;

    private Field(Type type) {
      this.type = type;
    }

    /** A field of this type (null: any type). */
    public static Field of(Type type) {
      return new Field(type);
    }

    /** Refused when missing or null: "Validation failed. Please specify data for NAME.". */
    public Field required() {
      required = true;
      return this;
    }

    /** The value a missing or null field takes. */
    public Field defaultValue(Object value) {
      defaultValue = value;
      return this;
    }

    /** A trigger's object keeps its stored value of the field (on a create, the default), whatever the client sent. */
    public Field constant() {
      constant = true;
      return this;
    }

    /** The values the field may take (compared as JSON values). */
    public Field options(Object... values) {
      options = Arrays.asList(values);
      return this;
    }

    /** A test the field's value must pass ("Validation failed. Invalid value for NAME." when it returns false or throws). */
    public Field options(Predicate<Object> test) {
      accepts = test;
      return this;
    }

    /** The message a refusal of this field gives instead of Parse Server's. */
    public Field error(String message) {
      error = message;
      return this;
    }

    Type type() {
      return type;
    }

    boolean isRequired() {
      return required;
    }

    Object defaultValue() {
      return defaultValue;
    }

    boolean isConstant() {
      return constant;
    }

    List<Object> optionValues() {
      return options;
    }

    Predicate<Object> test() {
      return accepts;
    }

    String errorMessage() {
      return error;
    }
  }

  private boolean requireUser;
  private boolean requireMaster;
  private boolean validateMasterKey;
  private final List<String> anyRoles = new ArrayList<>();
  private final List<String> allRoles = new ArrayList<>();
  private final List<String> userKeys = new ArrayList<>();
  private final Map<String, Field> fields = new LinkedHashMap<>();
  private int rateLimitCount;
  private Duration rateLimitWindow;
  private RateZone rateZone = RateZone.IP;

  private Validator() {
  }

  public static Validator create() {
    return new Validator();
  }

  /** "Validation failed. Please login to continue." without a user. */
  public Validator requireUser() {
    requireUser = true;
    return this;
  }

  /** "Validation failed. Master key is required to complete this request." without the master key. */
  public Validator requireMaster() {
    requireMaster = true;
    return this;
  }

  /** Checks calls with the master key too (which otherwise pass every check). */
  public Validator validateMasterKey() {
    validateMasterKey = true;
    return this;
  }

  /** The user must hold one of these roles (names, without "role:"). */
  public Validator requireAnyUserRoles(String... roles) {
    anyRoles.addAll(Arrays.asList(roles));
    return this;
  }

  /** The user must hold each of these roles. */
  public Validator requireAllUserRoles(String... roles) {
    allRoles.addAll(Arrays.asList(roles));
    return this;
  }

  /** The user's record must have these fields set ("Validation failed. Please set data for KEY on your account."). */
  public Validator requireUserKeys(String... keys) {
    userKeys.addAll(Arrays.asList(keys));
    return this;
  }

  /** What a field of the params (or of a trigger's object) must be. */
  public Validator field(String name, Field field) {
    fields.put(name, field);
    return this;
  }

  /** Required fields of any type. */
  public Validator requireFields(String... names) {
    for (String name : names) {
      fields.put(name, Field.of(null).required());
    }
    return this;
  }

  /**
   * A function's calls from one client address, counted over every node of the cluster, at most count in each
   * window (the master key is not counted); triggers take no rate limit (a trigger defined with one is refused).
   */
  public Validator rateLimit(int count, Duration window) {
    return rateLimit(count, window, RateZone.IP);
  }

  /** A rate limit counted by the zone's subject (a caller without a user is counted by address). */
  public Validator rateLimit(int count, Duration window, RateZone zone) {
    if (count < 1 || window == null || window.toMillis() < 1) {
      throw new IllegalArgumentException("a rate limit needs a count of at least 1 and a window of at least 1 ms");
    }
    rateLimitCount = count;
    rateLimitWindow = window;
    rateZone = zone;
    return this;
  }

  boolean requiresUser() {
    return requireUser;
  }

  boolean requiresMaster() {
    return requireMaster;
  }

  boolean validatesMasterKey() {
    return validateMasterKey;
  }

  List<String> anyRoles() {
    return anyRoles;
  }

  List<String> allRoles() {
    return allRoles;
  }

  List<String> userKeys() {
    return userKeys;
  }

  Map<String, Field> fields() {
    return fields;
  }

  int rateLimitCount() {
    return rateLimitCount;
  }

  Duration rateLimitWindow() {
    return rateLimitWindow;
  }

  RateZone rateZone() {
    return rateZone;
  }
}
