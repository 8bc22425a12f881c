package dev.parsec.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.ConfigHelp;
import dev.parsec.config.ConfigLoader;
import dev.parsec.config.ParsecConfig;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's configuration table, conf/parsec.yaml (and so --help) and ConfigLoader name the same keys. */
@DisplayName("Every key ConfigLoader reads is documented in conf/parsec.yaml and the README, with the same defaults")
class ConfigKeysDocumentedTest {

  private static final Path README = Path.of("README.md");
  private static final Path YAML = Path.of("conf", "parsec.yaml");

  @TempDir
  Path dir;

  @Test
  @DisplayName("conf/parsec.yaml names exactly the keys ConfigLoader reads, each once")
  void yamlKeys() throws Exception {
    List<String> keys = ConfigHelp.parse(Files.readString(YAML)).stream().map(ConfigHelp.Entry::key).toList();
    assertSameKeys(keys, "conf/parsec.yaml");
    assertEquals(keys.size(), Set.copyOf(keys).size(), "no key twice: " + keys);
    assertTrue(ConfigHelp.entries().equals(ConfigHelp.parse(Files.readString(YAML))), "the jar bundles conf/parsec.yaml as it is");
  }

  @Test
  @DisplayName("the README's configuration table names exactly the keys ConfigLoader reads")
  void readmeKeys() throws Exception {
    assertSameKeys(readmeTableKeys(), "the README's configuration table");
  }

  @Test
  @DisplayName("every default conf/parsec.yaml shows is ConfigLoader's: a file with all of them set loads as no file")
  void yamlDefaults() throws Exception {
    StringBuilder file = new StringBuilder();
    for (ConfigHelp.Entry entry : ConfigHelp.parse(Files.readString(YAML))) {
      if (entry.hasLiteralDefault()) {
        file.append(entry.key()).append(": ").append(entry.shownDefault()).append('\n');
      }
    }
    Path all = dir.resolve("all-defaults.yaml");
    Files.writeString(all, file.toString());
    Path none = dir.resolve("empty.yaml");
    Files.writeString(none, "");
    ParsecConfig withDefaults = ConfigLoader.load(new String[] {"--config", all.toString()}, Map.of());
    ParsecConfig without = ConfigLoader.load(new String[] {"--config", none.toString()}, Map.of());
    List<String> differences = new ArrayList<>();
    compare("config", withDefaults, without, differences);
    assertEquals(List.of(), differences, "set to the defaults conf/parsec.yaml shows:\n" + file);
  }

  private static void assertSameKeys(Collection<String> documented, String where) {
    Set<String> missing = new TreeSet<>(ConfigLoader.keys());
    missing.removeAll(documented);
    Set<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(ConfigLoader.keys());
    assertEquals("missing: [], not read by ConfigLoader: []", "missing: " + missing + ", not read by ConfigLoader: " + unknown, where);
  }

  /** The keys in the first column of the table under "## Configuration" (not its subsections' tables). */
  static Set<String> readmeTableKeys() throws Exception {
    String readme = Files.readString(README);
    int start = readme.indexOf("\n## Configuration\n");
    Matcher next = Pattern.compile("\n##+ ").matcher(readme);
    int end = next.find(start + 1) ? next.start() : -1;
    assertTrue(start >= 0 && end > start, "README has a Configuration section");
    Set<String> keys = new TreeSet<>();
    for (String line : readme.substring(start, end).split("\n")) {
      if (line.startsWith("| `")) {
        Matcher key = Pattern.compile("`([a-z0-9_]+)`").matcher(line.split("\\|")[1]);
        while (key.find()) {
          keys.add(key.group(1));
        }
      }
    }
    return keys;
  }

  /** Records field by field; arrays by content, paths once normalized (./data is data), patterns by text. */
  private static void compare(String where, Object a, Object b, List<String> differences) throws Exception {
    if (a == null || b == null) {
      if (a != b) {
        differences.add(where + ": " + a + " vs " + b);
      }
    } else if (a.getClass().isRecord() && a.getClass() == b.getClass()) {
      for (RecordComponent component : a.getClass().getRecordComponents()) {
        component.getAccessor().setAccessible(true);
        compare(where + "." + component.getName(), component.getAccessor().invoke(a), component.getAccessor().invoke(b), differences);
      }
    } else if (a instanceof byte[] x && b instanceof byte[] y) {
      if (!Arrays.equals(x, y)) {
        differences.add(where + ": " + Arrays.toString(x) + " vs " + Arrays.toString(y));
      }
    } else if (a instanceof Optional<?> x && b instanceof Optional<?> y) {
      compare(where, x.orElse(null), y.orElse(null), differences);
    } else if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        differences.add(where + ": " + x + " vs " + y);
      } else {
        for (int i = 0; i < x.size(); i++) {
          compare(where + "[" + i + "]", x.get(i), y.get(i), differences);
        }
      }
    } else if (a instanceof Path x && b instanceof Path y) {
      if (!x.normalize().equals(y.normalize())) {
        differences.add(where + ": " + x + " vs " + y);
      }
    } else if (a instanceof Pattern x && b instanceof Pattern y) {
      if (!x.pattern().equals(y.pattern())) {
        differences.add(where + ": " + x + " vs " + y);
      }
    } else if (!a.equals(b)) {
      differences.add(where + ": " + describe(a) + " vs " + describe(b));
    }
  }

  private static String describe(Object value) {
    return value instanceof Collection<?> items ? items.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))
        : String.valueOf(value);
  }
}
