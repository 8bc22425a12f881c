package dev.parsec.files;

import dev.parsec.error.ParseException;
import io.vertx.core.http.MimeMapping;

/** The media type an upload is stored under: the one sent, normalized, else the one its name suggests. */
final class UploadContentType {

  private UploadContentType() {
  }

  /**
   * @param given the Content-Type (its header fields joined by commas when there are several) or the JS SDK's
   *     _ContentType; null or empty when none was sent
   * @throws ParseException 130 when what was given is not exactly one well-formed media type
   */
  static MediaType of(String given, String fileName) {
    if (given != null && !given.isEmpty()) {
      return MediaType.parse(given)
          .orElseThrow(() -> new ParseException(ParseException.FILE_SAVE_ERROR, "Invalid content type."));
    }
    String guessed = MimeMapping.mimeTypeForFilename(fileName);
    return MediaType.parse(guessed == null ? "application/octet-stream" : guessed)
        .orElse(new MediaType("application", "octet-stream", null));
  }
}
