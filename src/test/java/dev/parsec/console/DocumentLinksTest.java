package dev.parsec.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README and docs/ point only at files and sections that exist, so moving text between them breaks nothing. */
@DisplayName("The README's and docs/' links and file names lead somewhere")
class DocumentLinksTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\s]+)[^`]*`");
  /** The repository's folders a code span may name a file in (target/ and data/ are made by running). */
  private static final Set<String> FOLDERS =
      Set.of("docs/", "conf/", "scripts/", "examples/", "compat/", "loadtest/", "src/", ".ci/", ".mvn/");

  @Test
  @DisplayName("every relative link names a file that exists and, with #section, a heading it has")
  void relativeLinksResolve() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path doc : documents()) {
      Matcher link = LINK.matcher(Files.readString(doc));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // http:, https:, mailto:
        }
        String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String section = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
          broken.add(ROOT.relativize(doc) + ": " + target + " (no such file)");
        } else if (section != null && !headingSlugs(file).contains(section)) {
          broken.add(ROOT.relativize(doc) + ": " + target + " (no such heading in " + ROOT.relativize(file) + ")");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  @DisplayName("every file named in code (`conf/parsec.yaml`, `scripts/bench.sh`, ...) exists")
  void namedFilesExist() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path doc : documents()) {
      Matcher span = CODE_SPAN.matcher(Files.readString(doc));
      while (span.find()) {
        String name = span.group(1);
        if (FOLDERS.stream().anyMatch(name::startsWith) && !Files.exists(ROOT.resolve(name))) {
          missing.add(ROOT.relativize(doc) + ": " + name);
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  @DisplayName("headings become the anchors GitHub makes of them")
  void slugsAsGitHubMakesThem() {
    assertEquals("dependencies-and-why-each", slug("Dependencies, and why each"));
    assertEquals("postgresql-as-operators-run-it", slug("PostgreSQL as operators run it"));
    assertEquals("the-parse-api-served", slug("The Parse API served"));
    assertEquals("cloud-code-accepting-and-running-jobs-triggers", slug("Cloud code: accepting and running jobs, triggers"));
    assertEquals("max_limit-and-skip", slug("`max_limit` and `skip`"));
  }

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    assertTrue(docs.size() > 1, "docs/ holds Markdown files");
    return docs;
  }

  /** The anchors of a Markdown file's headings, outside fenced code; a repeated heading gets -1, -2, ... */
  private static Set<String> headingSlugs(Path file) throws IOException {
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced && line.matches("^#{1,6} .*")) {
        String slug = slug(line.replaceFirst("^#+ ", ""));
        int times = seen.merge(slug, 1, Integer::sum);
        if (times > 1) {
          seen.put(slug + "-" + (times - 1), 1);
        }
      }
    }
    return seen.keySet();
  }

  /** GitHub's anchor for a heading: lower case, punctuation but '-' and '_' dropped, spaces as '-'. */
  static String slug(String heading) {
    return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}
