package dev.parsec.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where the account pages send a browser, as Parse Server's customPages: each an absolute http(s) URL of a
 * page the app hosts. A page not configured is Parsec's own, served by the account routes themselves.
 *
 * @param choosePassword the form to choose a new password (Parse Server's choosePassword); it is opened
 *     with ?token=...&id=appId&username=...&app=... and posts token and new_password to
 *     {server_url}/apps/{appId}/request_password_reset
 * @param passwordResetSuccess after a new password was set (?username=...)
 * @param invalidLink a link that is not (or no longer) valid
 * @param verifyEmailSuccess after an email was verified (?username=...)
 * @param invalidVerificationLink a verification link that is not valid, for a known user (?username=...&appId=...),
 *     where the user can ask for a new one (resend_verification_email)
 * @param linkSendSuccess after a new verification link was asked for
 * @param linkSendFail when a new verification link could not be sent (mail not configured or failing)
 */
public record PageSettings(
    Optional<String> choosePassword,
    Optional<String> passwordResetSuccess,
    Optional<String> invalidLink,
    Optional<String> verifyEmailSuccess,
    Optional<String> invalidVerificationLink,
    Optional<String> linkSendSuccess,
    Optional<String> linkSendFail) {

  /** The configuration keys, in the order of the components. */
  public static final String[] KEYS = {
      "page_choose_password", "page_password_reset_success", "page_invalid_link", "page_verify_email_success",
      "page_invalid_verification_link", "page_link_send_success", "page_link_send_fail"};

  /** No custom page: Parsec's own everywhere. */
  public static final PageSettings NONE = new PageSettings(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Reads the keys; a value that is not an absolute http(s) URL stops the start naming its key. */
  static PageSettings from(Map<String, String> values) {
    return new PageSettings(page(values, KEYS[0]), page(values, KEYS[1]), page(values, KEYS[2]), page(values, KEYS[3]),
        page(values, KEYS[4]), page(values, KEYS[5]), page(values, KEYS[6]));
  }

  private static Optional<String> page(Map<String, String> values, String key) {
    String text = values.get(key);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI(text.trim());
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(key, "must be an absolute http:// or https:// URL (got '" + text + "')");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ConfigException(key, "must be an absolute http:// or https:// URL without a query or fragment (got '" + text + "')");
    }
    return Optional.of(uri.toString());
  }
}
