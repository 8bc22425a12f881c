package dev.parsec.files;

import dev.parsec.error.ParseException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The names files are uploaded and stored under. */
final class FileNames {

  /** Parse Server's rule for an uploaded file's name. */
  private static final Pattern UPLOADED = Pattern.compile("[_a-zA-Z0-9][a-zA-Z0-9@. ~_-]*");
  /** A stored name: no spaces, no slash, no leading dot, so it is always one plain file name. */
  private static final Pattern STORED = Pattern.compile("[_a-zA-Z0-9][a-zA-Z0-9@.~_-]{0,199}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private FileNames() {
  }

  /** Checks an uploaded name as Parse Server does. */
  static void check(String uploaded) {
    if (uploaded.length() > 128) {
      throw new ParseException(ParseException.INVALID_FILE_NAME, "Filename too long.");
    }
    if (!UPLOADED.matcher(uploaded).matches()) {
      throw new ParseException(ParseException.INVALID_FILE_NAME, "Filename contains invalid characters.");
    }
  }

  /** A name no other file has: 32 random hex characters, "_", and the uploaded name with spaces as "_". */
  static String unique(String uploaded) {
    byte[] prefix = new byte[16];
    RANDOM.nextBytes(prefix);
    return HexFormat.of().formatHex(prefix) + "_" + uploaded.replace(' ', '_');
  }

  /** Whether a name from a URL can be a stored file's (anything else is not found, never a path). */
  static boolean isStored(String name) {
    return name != null && STORED.matcher(name).matches();
  }
}
