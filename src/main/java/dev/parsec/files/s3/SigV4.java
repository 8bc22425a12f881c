package dev.parsec.files.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests made with a header (Authorization), as in
 * "Authenticating Requests: Using the Authorization Header". The payload is either hashed by the
 * caller or sent as UNSIGNED-PAYLOAD, which S3 accepts for streamed bodies.
 */
final class SigV4 {

  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String accessKey;
  private final String secretKey;
  private final String region;

  SigV4(String accessKey, String secretKey, String region) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /**
   * The headers to add to a request so that S3 accepts it: x-amz-date, x-amz-content-sha256 and
   * Authorization. Every header given (Host among them) is signed.
   *
   * @param path the request path, already URI-encoded as it is sent
   * @param query the query parameters, not encoded
   */
  Map<String, String> sign(String method, String path, Map<String, String> query, Map<String, String> headers,
                           String payloadHash, Instant now) {
    String timestamp = TIMESTAMP.format(now);
    String scope = timestamp.substring(0, 8) + "/" + region + "/s3/aws4_request";
    TreeMap<String, String> signed = new TreeMap<>();
    headers.forEach((name, value) -> signed.put(name.toLowerCase(), value.trim().replaceAll(" +", " ")));
    signed.put("x-amz-date", timestamp);
    signed.put("x-amz-content-sha256", payloadHash);
    String signedNames = String.join(";", signed.keySet());
    String canonicalRequest = method + "\n" + path + "\n" + canonicalQuery(query) + "\n"
        + signed.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n").collect(Collectors.joining())
        + "\n" + signedNames + "\n" + payloadHash;
    String stringToSign = ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), timestamp.substring(0, 8));
    key = hmac(key, region);
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    String signature = HexFormat.of().formatHex(hmac(key, stringToSign));
    return Map.of(
        "x-amz-date", timestamp,
        "x-amz-content-sha256", payloadHash,
        "Authorization", ALGORITHM + " Credential=" + accessKey + "/" + scope + ",SignedHeaders=" + signedNames
            + ",Signature=" + signature);
  }

  /** A path segment or query value encoded as SigV4 wants: everything but A-Z a-z 0-9 - _ . ~ escaped. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  private static String canonicalQuery(Map<String, String> query) {
    return new TreeMap<>(query).entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
