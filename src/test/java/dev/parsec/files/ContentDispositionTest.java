package dev.parsec.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ContentDisposition: attachment with the uploaded name, quoted ASCII and RFC 8187 UTF-8")
class ContentDispositionTest {

  @Test
  @DisplayName("the unique prefix is dropped; the name is given as is where it is plain")
  void plainName() {
    assertEquals("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf",
        ContentDisposition.attachment("0123456789abcdef0123456789abcdef_report.pdf"));
  }

  @Test
  @DisplayName("a name without the prefix is kept whole")
  void nameWithoutPrefix() {
    assertEquals("attachment; filename=\"abc_report.pdf\"; filename*=UTF-8''abc_report.pdf",
        ContentDisposition.attachment("abc_report.pdf"));
  }

  @Test
  @DisplayName("quotes, backslashes, slashes, controls and non-ASCII never reach the quoted filename; filename* carries them percent-encoded")
  void unsafeCharacters() {
    assertEquals("attachment; filename=\"a_b_c_d_e_f.txt\"; filename*=UTF-8''a%22b%5Cc%2Fd%0De%C3%A9f.txt",
        ContentDisposition.attachment("a\"b\\c/d\re\u00e9f.txt"));
    assertEquals("attachment; filename=\"me@home a.txt\"; filename*=UTF-8''me%40home%20a.txt",
        ContentDisposition.attachment("me@home a.txt"));
  }
}
