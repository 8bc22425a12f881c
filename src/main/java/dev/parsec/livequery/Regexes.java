package dev.parsec.livequery;

import dev.parsec.error.ParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * $regex in the in-memory matcher. Java's engine backtracks: a crafted pattern such as ^(a+)+\1$ against
 * a long enough text runs for hours, on an event loop. Each match may therefore read the text only so many
 * times over; past that it gives up and does not match (Parse Server's LiveQuery has a regex timeout for the
 * same reason). Patterns are compiled once, not per event.
 */
final class Regexes {

  private static final Logger LOG = LoggerFactory.getLogger(Regexes.class);
  /** Characters a match may read, on top of 100 per character of the text: about a few milliseconds. */
  private static final long BASE_READS = 1_000_000;
  private static final int MAX_CACHED = 1_000;
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private Regexes() {
  }

  /** The pattern with Parse's $options (i, m, x, s); a clear 102 for a bad pattern or option. */
  static Pattern compile(Object pattern, Object options) {
    if (!(pattern instanceof String text)) {
      throw new ParseException(ParseException.INVALID_QUERY, "$regex must be a string");
    }
    String opts = options instanceof String given ? given : "";
    Pattern cached = COMPILED.get(opts + "/" + text);
    if (cached != null) {
      return cached;
    }
    int flags = 0;
    for (char c : opts.toCharArray()) {
      flags |= switch (c) {
        case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        case 'm' -> Pattern.MULTILINE;
        case 'x' -> Pattern.COMMENTS;
        case 's' -> Pattern.DOTALL;
        default -> throw new ParseException(ParseException.INVALID_QUERY, "bad $options value for query: " + opts);
      };
    }
    Pattern compiled;
    try {
      compiled = Pattern.compile(text, flags);
    } catch (PatternSyntaxException e) {
      throw new ParseException(ParseException.INVALID_QUERY, "Invalid regular expression: " + e.getDescription());
    }
    if (COMPILED.size() >= MAX_CACHED) {
      COMPILED.clear();
    }
    COMPILED.put(opts + "/" + text, compiled);
    return compiled;
  }

  /** Whether the pattern occurs in the text; false when the match would take too long. */
  static boolean find(Pattern pattern, String text) {
    try {
      return pattern.matcher(new BoundedText(text, BASE_READS + 100L * text.length())).find();
    } catch (BoundedText.Exhausted e) {
      LOG.warn("a $regex gave up after reading {} characters of a {}-character text: /{}/", e.reads, text.length(), pattern);
      return false;
    }
  }

  /** A text that stops whoever reads it after a number of character reads. */
  private static final class BoundedText implements CharSequence {

    private final String text;
    private final long allowed;
    private long reads;

    BoundedText(String text, long allowed) {
      this.text = text;
      this.allowed = allowed;
    }

    @Override
    public char charAt(int index) {
      if (++reads > allowed) {
        throw new Exhausted(reads);
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }

    static final class Exhausted extends RuntimeException {
      final long reads;

      Exhausted(long reads) {
        super(null, null, false, false);
        this.reads = reads;
      }
    }
  }
}
