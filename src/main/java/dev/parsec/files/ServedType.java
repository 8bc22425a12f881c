package dev.parsec.files;

import java.util.Set;

/**
 * How a stored file is served: its type as stored when that is one well-formed media type (files saved
 * before types were checked may hold anything), else application/octet-stream; and whether a browser
 * may show it in the page (inline) or must save it (attachment). Only types a browser shows without
 * running anything are inline: everything else, PDF included (its viewers run its scripts), is saved.
 */
record ServedType(String contentType, boolean inline) {

  private static final Set<String> INLINE_IMAGES = Set.of(
      "image/png", "image/apng", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
      "image/x-icon", "image/vnd.microsoft.icon");

  static ServedType of(String stored) {
    return MediaType.parse(stored)
        .map(type -> new ServedType(type.toString(), isInline(type)))
        .orElse(new ServedType("application/octet-stream", false));
  }

  private static boolean isInline(MediaType type) {
    return type.essence().equals("text/plain")
        || INLINE_IMAGES.contains(type.essence())
        || type.type().equals("audio")
        || type.type().equals("video");
  }
}
