package dev.parsec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("page_* keys (Parse Server's customPages): absolute http(s) URLs, or Parsec's own pages")
class PageSettingsTest {

  @Test
  @DisplayName("unset, every page is Parsec's own; set, each key is its page")
  void keys() {
    assertEquals(PageSettings.NONE, ConfigLoader.fromValues(Map.of()).pages());
    PageSettings pages = ConfigLoader.fromValues(Map.of(
        "page_choose_password", "https://app.example.com/choose",
        "page_password_reset_success", "https://app.example.com/reset-done",
        "page_invalid_link", "http://app.example.com:8080/invalid",
        "page_verify_email_success", "https://app.example.com/verified",
        "page_invalid_verification_link", "https://app.example.com/invalid-verification",
        "page_link_send_success", "https://app.example.com/sent",
        "page_link_send_fail", "https://app.example.com/not-sent")).pages();
    assertEquals(Optional.of("https://app.example.com/choose"), pages.choosePassword());
    assertEquals(Optional.of("https://app.example.com/reset-done"), pages.passwordResetSuccess());
    assertEquals(Optional.of("http://app.example.com:8080/invalid"), pages.invalidLink());
    assertEquals(Optional.of("https://app.example.com/verified"), pages.verifyEmailSuccess());
    assertEquals(Optional.of("https://app.example.com/invalid-verification"), pages.invalidVerificationLink());
    assertEquals(Optional.of("https://app.example.com/sent"), pages.linkSendSuccess());
    assertEquals(Optional.of("https://app.example.com/not-sent"), pages.linkSendFail());
  }

  @Test
  @DisplayName("a value that is not an absolute http(s) URL stops the start with one line naming the key")
  void badValues() {
    for (String bad : new String[] {"/apps/choose_password", "ftp://app.example.com/x", "javascript:alert(1)", "https://",
        "https://app.example.com/x?a=1", "not a url"}) {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("page_invalid_link", bad)), bad);
      assertTrue(e.getMessage().startsWith("configuration page_invalid_link: must be an absolute http:// or https:// URL"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), "one line");
    }
  }
}
