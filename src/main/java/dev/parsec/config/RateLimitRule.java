package dev.parsec.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rate limit: at most `limit` requests per `window` for the requests a method (null: any) and a
 * path pattern under the mount path match (* stands for any characters), counted per client address,
 * per user or per session. Written as `[METHOD] PATH LIMIT/WINDOW [by ip|user|session]`, e.g.
 * `POST /classes/* 100/1m by user`; `100/1s` alone is 100 a second per address on every route.
 */
public record RateLimitRule(String method, String path, int limit, Duration window, Key key, Pattern pathPattern) {

  public enum Key { IP, USER, SESSION }

  private static final Pattern FORM = Pattern.compile(
      "(?:(GET|POST|PUT|DELETE)\\s+)?(?:(/\\S*)\\s+)?(\\d+)/(\\d*)(ms|s|m|h)(?:\\s+by\\s+(ip|user|session))?", Pattern.CASE_INSENSITIVE);

  public static RateLimitRule parse(String key, String text) {
    Matcher rule = FORM.matcher(text.trim());
    if (!rule.matches()) {
      throw new ConfigException(key, "'" + text + "' is not a rule like 'POST /classes/* 100/1m by user' or '100/1s'");
    }
    int limit = Integer.parseInt(rule.group(3));
    long amount = rule.group(4).isEmpty() ? 1 : Long.parseLong(rule.group(4));
    Duration window = switch (rule.group(5).toLowerCase(Locale.ROOT)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
    if (limit < 1 || window.toMillis() < 1) {
      throw new ConfigException(key, "'" + text + "' needs a limit and a window of at least 1");
    }
    String path = rule.group(2) == null ? "/*" : rule.group(2);
    String method = rule.group(1) == null ? null : rule.group(1).toUpperCase(Locale.ROOT);
    Key by = rule.group(6) == null ? Key.IP : Key.valueOf(rule.group(6).toUpperCase(Locale.ROOT));
    Pattern pattern = Pattern.compile(Pattern.quote(path).replace("*", "\\E.*\\Q"));
    return new RateLimitRule(method, path, limit, window, by, pattern);
  }

  public boolean matches(String method, String path) {
    return (this.method == null || this.method.equals(method)) && pathPattern.matcher(path).matches();
  }

  /** The rule's name in RateLimit headers and counter keys. */
  public String name() {
    return (method == null ? "ANY" : method) + " " + path + " " + limit + "/" + window.toMillis() + "ms " + key.name().toLowerCase(Locale.ROOT);
  }
}
