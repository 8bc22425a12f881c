package dev.parsec.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ServedType: a stored type is served normalized, inline only when browsers show it without running anything")
class ServedTypeTest {

  @ParameterizedTest(name = "stored [{0}] is served as {1}, inline: {2}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "image/png|image/png|true",
      "IMAGE/JPEG|image/jpeg|true",
      "image/webp|image/webp|true",
      "text/plain; charset=UTF-8|text/plain; charset=utf-8|true",
      "video/mp4|video/mp4|true",
      "audio/ogg|audio/ogg|true",
      "image/svg+xml|image/svg+xml|false",
      "text/html|text/html|false",
      "application/pdf|application/pdf|false",
      "application/json|application/json|false",
      "text/css|text/css|false",
      "image/tiff|image/tiff|false",
      "text/plain,text/html|application/octet-stream|false",
      "NULL|application/octet-stream|false"})
  void served(String stored, String contentType, boolean inline) {
    assertEquals(new ServedType(contentType, inline), ServedType.of(stored));
  }

  @Test
  @DisplayName("a stored type with a line break is served as bytes, never as a header of its own")
  void lineBreaks() {
    ServedType bytes = new ServedType("application/octet-stream", false);
    assertEquals(bytes, ServedType.of("text/html\r\nSet-Cookie: a=b"));
    assertEquals(bytes, ServedType.of("image/png\n"));
  }
}
