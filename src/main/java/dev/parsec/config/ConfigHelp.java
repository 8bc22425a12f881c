package dev.parsec.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys as conf/parsec.yaml documents them (the file is bundled into the jar as {@link #RESOURCE}): each
 * commented-out {@code # key: default} line, with the first sentence of the comment above it. --help prints
 * them; ConfigKeysDocumentedTest holds the file to {@link ConfigLoader#keys()} and its defaults to ConfigLoader's.
 */
public final class ConfigHelp {

  public static final String RESOURCE = "/conf/parsec.yaml";
  private static final Pattern KEY_LINE = Pattern.compile("# ([a-z][a-z0-9_]*):(?: +(.*))?");
  private static final int MEANING_WIDTH = 110;

  /** One key: its default as the file shows it (empty: unset), and what it is for. */
  public record Entry(String key, String shownDefault, String meaning) {

    /** The default, or "unset"; a "# default: ..." note names one worked out at start. */
    public String defaultText() {
      if (shownDefault.startsWith("# default:")) {
        return shownDefault.substring("# default:".length()).trim();
      }
      return shownDefault.isEmpty() || shownDefault.startsWith("#") ? "unset" : shownDefault;
    }

    /** The literal default value, when the file gives one (not a note or an example). */
    public boolean hasLiteralDefault() {
      return !shownDefault.isEmpty() && !shownDefault.startsWith("#");
    }
  }

  private ConfigHelp() {
  }

  /** The entries of the bundled conf/parsec.yaml, in its order. */
  public static List<Entry> entries() {
    try (InputStream in = ConfigHelp.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a file in conf/parsec.yaml's form: prose comments, then the commented-out keys they describe. */
  public static List<Entry> parse(String yaml) {
    List<Entry> entries = new ArrayList<>();
    StringBuilder prose = new StringBuilder();
    String meaning = "";
    boolean afterKey = false;
    for (String line : yaml.split("\n")) {
      Matcher key = KEY_LINE.matcher(line.strip());
      if (key.matches()) {
        if (!afterKey) {
          meaning = firstSentence(prose.toString());
          prose.setLength(0);
        }
        entries.add(new Entry(key.group(1), key.group(2) == null ? "" : key.group(2).strip(), meaning));
        afterKey = true;
      } else if (line.startsWith("#")) {
        if (afterKey) {
          prose.setLength(0);
          afterKey = false;
        }
        prose.append(line.substring(1).strip()).append(' ');
      } else {
        // a blank line ends a block: the keys after it have a comment of their own
        prose.setLength(0);
        afterKey = false;
        meaning = "";
      }
    }
    return entries;
  }

  /** What --help prints: how to run Parsec, then one line per key: name, default, meaning. */
  public static String text() {
    List<Entry> entries = entries();
    int keyWidth = entries.stream().mapToInt(e -> e.key().length()).max().orElse(0);
    StringBuilder out = new StringBuilder();
    out.append("Usage: java -jar parsec.jar [--config FILE] [--key=value ...]\n");
    out.append("       java -jar parsec.jar backup --to DIR | restore --from DIR  [--config FILE] [--key=value ...]\n");
    out.append("       java -jar parsec.jar --help | --version\n\n");
    out.append("Each key is read from conf/parsec.yaml (or --config FILE), then from the environment variable\n");
    out.append("PARSEC_<KEY>, then from the flag --key=value; the later wins. Keys, defaults and meanings:\n\n");
    for (Entry entry : entries) {
      out.append("  ").append(pad(entry.key(), keyWidth)).append("  ").append(entry.defaultText()).append('\n');
      if (!entry.meaning().isEmpty()) {
        out.append("      ").append(entry.meaning()).append('\n');
      }
    }
    return out.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  /** The first sentence of a comment block, cut at a word to fit one line. */
  static String firstSentence(String prose) {
    String text = prose.strip().replaceAll("\\s+", " ");
    Matcher end = Pattern.compile("(?<!e\\.g)(?<!i\\.e)\\.(\\s|$)").matcher(text);
    if (end.find()) {
      text = text.substring(0, end.start());
    }
    if (text.length() > MEANING_WIDTH) {
      int cut = text.lastIndexOf(' ', MEANING_WIDTH - 3);
      text = text.substring(0, cut > 0 ? cut : MEANING_WIDTH - 3) + "...";
    }
    return text;
  }
}
