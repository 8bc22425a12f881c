package dev.parsec.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip for JSON answers, when the client accepts it and the body is worth it. Parsec compresses
 * its own answers rather than putting Netty's compressor on every connection: with that compressor
 * in the pipeline a file download cannot go from the file to the socket by sendfile.
 */
public final class Compression {

  private static final int MIN_SIZE = 1024;
  private static final Pattern ACCEPTS_GZIP = Pattern.compile("(^|,)\\s*gzip\\s*(,|$|;(?!\\s*q\\s*=\\s*0(\\.0*)?\\s*(,|$)))");
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  /** One deflater per event loop, reset between answers: creating one allocates zlib's buffers. */
  private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(6, true));

  private Compression() {
  }

  /** Ends the response with body, gzipped when the request accepts gzip and the body is at least 1 KB. */
  public static Future<Void> end(RoutingContext ctx, Buffer body) {
    HttpServerResponse response = ctx.response();
    String accepted = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
    response.putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
    if (body.length() < MIN_SIZE || accepted == null || !ACCEPTS_GZIP.matcher(accepted.toLowerCase()).find()) {
      return response.end(body);
    }
    return response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(gzip(body.getBytes()));
  }

  static Buffer gzip(byte[] bytes) {
    Deflater deflater = DEFLATERS.get();
    deflater.reset();
    deflater.setInput(bytes);
    deflater.finish();
    Buffer out = Buffer.buffer(bytes.length / 3 + 64).appendBytes(GZIP_HEADER);
    byte[] chunk = new byte[8192];
    while (!deflater.finished()) {
      int n = deflater.deflate(chunk);
      out.appendBytes(chunk, 0, n);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return out.appendIntLE((int) crc.getValue()).appendIntLE(bytes.length);
  }
}
