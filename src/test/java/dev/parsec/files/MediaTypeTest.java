package dev.parsec.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("MediaType reads exactly one RFC 9110 media type and normalizes it; BrowserRunTypes names the ones browsers run")
class MediaTypeTest {

  @ParameterizedTest(name = "[{0}] is {1}")
  @CsvSource(delimiter = '|', value = {
      "text/plain|text/plain",
      "'  Text/Plain\t'|text/plain",
      "text/plain;charset=UTF-8|text/plain; charset=utf-8",
      "text/plain ; format=flowed ; Charset=\"utf-8\"|text/plain; charset=utf-8",
      "text/plain;;|text/plain",
      "text/plain; charset=\"utf\\-8\"|text/plain; charset=utf-8",
      "text/plain; charset=\"not a token\"|text/plain",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document|application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "video/mp4; codecs=\"avc1.42E01E, mp4a.40.2\"|video/mp4"})
  void accepted(String given, String normalized) {
    assertEquals(Optional.of(normalized), MediaType.parse(given).map(MediaType::toString));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
      "", " ", "text", "text/", "/plain", "text/plain,text/html", "text/plain, text/html", "text/plain text/html",
      "text /plain", "text/ plain", "*/*", "text/*", "text/plain\n", "text/plain\r\nX-Injected: 1", "text/plain\u0000",
      "text\u0007/plain", "text/plain;charset", "text/plain;charset=", "text/plain; charset=\"utf-8", "text/plain; charset=\"a\nb\"",
      "text/plain; charset=utf-8; CHARSET=utf-16", "text/plain; =x", "text/plain; a b=c", "text/pl\u00e4in", "text/plain\u00a0",
      "text/plain; charset=\"\\\u0001\"", "text/plain/html", "<html>"})
  void refused(String given) {
    assertEquals(Optional.empty(), MediaType.parse(given));
  }

  @Test
  void tooLong() {
    assertTrue(MediaType.parse("a/" + "b".repeat(MediaType.LONGEST - 2)).isPresent());
    assertFalse(MediaType.parse("a/" + "b".repeat(MediaType.LONGEST - 1)).isPresent());
  }

  @ParameterizedTest(name = "{0} runs")
  @ValueSource(strings = {
      "text/html", "text/html; charset=utf-8", "application/xhtml+xml", "text/xml", "application/xml", "image/svg+xml",
      "application/rss+xml", "application/atom+xml", "application/vnd.mozilla.xul+xml", "text/xsl", "text/javascript",
      "application/javascript", "application/ecmascript", "application/x-javascript", "text/jscript",
      "application/x-shockwave-flash", "multipart/x-mixed-replace; boundary=x", "multipart/related"})
  void browserRun(String type) {
    assertTrue(BrowserRunTypes.includes(MediaType.parse(type).orElseThrow()));
  }

  @ParameterizedTest(name = "{0} does not run")
  @ValueSource(strings = {
      "text/plain", "image/png", "image/jpeg", "video/mp4", "audio/mpeg", "application/pdf", "application/json",
      "text/css", "text/csv", "application/octet-stream", "application/zip",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
  void notBrowserRun(String type) {
    assertFalse(BrowserRunTypes.includes(MediaType.parse(type).orElseThrow()));
  }
}
