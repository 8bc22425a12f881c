package dev.parsec.files.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Signature Version 4 matches AWS's published example")
class SigV4Test {

  @Test
  @DisplayName("GET /test.txt with a Range, from the S3 API reference (signature f0e8bdb8…)")
  void getObjectExample() {
    SigV4 signer = new SigV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    Map<String, String> added = signer.sign("GET", "/test.txt", Map.of(),
        Map.of("Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9"),
        SigV4.EMPTY_SHA256, Instant.parse("2013-05-24T00:00:00Z"));
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", added.get("Authorization"));
    assertEquals("20130524T000000Z", added.get("x-amz-date"));
  }

  @Test
  @DisplayName("names are encoded as SigV4 wants, slashes and spaces escaped")
  void encoding() {
    assertEquals("a%20b%2Fc~d_e-f.g%C3%A9", SigV4.encode("a b/c~d_e-f.gé"));
  }
}
