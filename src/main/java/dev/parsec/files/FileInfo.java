package dev.parsec.files;

import java.time.Instant;

/** What is known of a stored file without reading it: enough for the response headers. */
public record FileInfo(String name, String contentType, long size, String etag, Instant lastModified) {
}
