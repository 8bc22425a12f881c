package dev.parsec.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An Argon2 hash in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, unpadded Base64), the
 * format Parsec has always stored. Computed with Bouncy Castle, which allocates the memory the parameters ask for
 * once per hash and nothing more per block (a hash is 19 MiB of garbage, not five times that), so a login storm
 * costs the event loops fewer collections.
 */
record Argon2Hash(String type, int version, int memoryKiB, int iterations, int lanes, byte[] salt, byte[] hash) {

  /** OWASP's Argon2id minimum: 19 MiB of memory, 2 iterations, 1 lane; a 16-byte salt and a 32-byte hash. */
  static final Argon2Hash CURRENT = new Argon2Hash("argon2id", Argon2Parameters.ARGON2_VERSION_13, 19_456, 2, 1,
      new byte[16], new byte[32]);

  private static final Pattern PHC = Pattern.compile(
      "\\$(argon2id|argon2i|argon2d)(?:\\$v=(\\d+))?\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** A stored hash asking for more memory than this (1 GiB) is not checked: one check must not exhaust the heap. */
  private static final int MAX_MEMORY_KIB = 1024 * 1024;

  /** Hashes a password at the current parameters with a fresh salt. */
  static String make(String password) {
    byte[] salt = new byte[CURRENT.salt.length];
    RANDOM.nextBytes(salt);
    Argon2Hash made = CURRENT.withSalt(salt);
    return made.withHash(made.compute(password)).encoded();
  }

  /** The hash a stored string holds, or null when it is not an Argon2 PHC string Parsec can check. */
  static Argon2Hash parse(String stored) {
    Matcher m = PHC.matcher(stored);
    if (!m.matches()) {
      return null;
    }
    try {
      int version = m.group(2) == null ? Argon2Parameters.ARGON2_VERSION_10 : Integer.parseInt(m.group(2));
      int memory = Integer.parseInt(m.group(3));
      int iterations = Integer.parseInt(m.group(4));
      int lanes = Integer.parseInt(m.group(5));
      boolean sane = (version == Argon2Parameters.ARGON2_VERSION_10 || version == Argon2Parameters.ARGON2_VERSION_13)
          && lanes >= 1 && lanes <= 64 && memory >= 8 * lanes && memory <= MAX_MEMORY_KIB
          && iterations >= 1 && iterations <= 64;
      Argon2Hash hash = new Argon2Hash(m.group(1), version, memory, iterations, lanes,
          Base64.getDecoder().decode(m.group(6)), Base64.getDecoder().decode(m.group(7)));
      return sane && hash.hash.length >= 4 && hash.salt.length >= 8 ? hash : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  boolean matches(String password) {
    return MessageDigest.isEqual(compute(password), hash);
  }

  /** Whether this hash was made at the current parameters (or is to be replaced by one that is). */
  boolean current() {
    return type.equals(CURRENT.type) && version == CURRENT.version && memoryKiB == CURRENT.memoryKiB
        && iterations == CURRENT.iterations && lanes == CURRENT.lanes && hash.length == CURRENT.hash.length;
  }

  String encoded() {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$" + type + "$v=" + version + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + lanes
        + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  private byte[] compute(String password) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(typeId()).withVersion(version).withMemoryAsKB(memoryKiB)
        .withIterations(iterations).withParallelism(lanes).withSalt(salt).build());
    byte[] out = new byte[hash.length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  private int typeId() {
    return switch (type) {
      case "argon2id" -> Argon2Parameters.ARGON2_id;
      case "argon2i" -> Argon2Parameters.ARGON2_i;
      default -> Argon2Parameters.ARGON2_d;
    };
  }

  private Argon2Hash withSalt(byte[] newSalt) {
    return new Argon2Hash(type, version, memoryKiB, iterations, lanes, newSalt, hash);
  }

  private Argon2Hash withHash(byte[] newHash) {
    return new Argon2Hash(type, version, memoryKiB, iterations, lanes, salt, newHash);
  }
}
