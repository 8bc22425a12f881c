package dev.parsec.tracing;

import io.vertx.core.spi.tracing.TagExtractor;
import java.util.Set;

/**
 * The tags of a span without what may hold a secret: a URL's query string and user info. A query carries passwords
 * ({@code GET /login?username=..&password=..}), the tokens of the mailed account links, and the access token of a
 * Facebook Graph call; a tracing backend is a log, and Parsec logs no secret.
 */
final class RedactedTags<T> implements TagExtractor<T> {

  /** The tags holding a whole URL, kept without their query. */
  private static final Set<String> URLS = Set.of("http.url", "url.full");
  /** The tags left out. */
  private static final Set<String> DROPPED = Set.of("url.query");

  private final TagExtractor<T> tags;

  RedactedTags(TagExtractor<T> tags) {
    this.tags = tags;
  }

  @Override
  public int len(T obj) {
    int kept = 0;
    for (int index = 0; index < tags.len(obj); index++) {
      if (!DROPPED.contains(tags.name(obj, index))) {
        kept++;
      }
    }
    return kept;
  }

  @Override
  public String name(T obj, int index) {
    return tags.name(obj, original(obj, index));
  }

  @Override
  public String value(T obj, int index) {
    int at = original(obj, index);
    String value = tags.value(obj, at);
    return URLS.contains(tags.name(obj, at)) ? withoutSecrets(value) : value;
  }

  /** The index among all the tags of the index-th tag kept. */
  private int original(T obj, int index) {
    int kept = -1;
    for (int at = 0; at < tags.len(obj); at++) {
      if (!DROPPED.contains(tags.name(obj, at)) && ++kept == index) {
        return at;
      }
    }
    throw new IndexOutOfBoundsException("Invalid tag index " + index);
  }

  /** The URL without its query, fragment and user info. */
  static String withoutSecrets(String url) {
    if (url == null) {
      return null;
    }
    int end = url.length();
    int query = url.indexOf('?');
    int fragment = url.indexOf('#');
    if (query >= 0) {
      end = query;
    }
    if (fragment >= 0 && fragment < end) {
      end = fragment;
    }
    String kept = url.substring(0, end);
    int scheme = kept.indexOf("://");
    if (scheme < 0) {
      return kept;
    }
    int authority = scheme + 3;
    int path = kept.indexOf('/', authority);
    int at = kept.lastIndexOf('@', path < 0 ? kept.length() : path);
    return at >= authority ? kept.substring(0, authority) + kept.substring(at + 1) : kept;
  }
}
