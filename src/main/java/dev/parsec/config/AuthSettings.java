package dev.parsec.config;

import java.util.List;

/**
 * Sign-in with third parties (Parse's authData): anonymous users, and Apple, Google and Facebook
 * tokens verified against the provider. A provider is enabled by naming the app's ids it issues
 * tokens for; its endpoints default to the provider's own and can point elsewhere (tests, proxies).
 */
public record AuthSettings(
    boolean anonymousUsers,
    List<String> appleClientIds,
    String appleJwksUrl,
    List<String> googleClientIds,
    String googleJwksUrl,
    List<String> facebookAppIds,
    String facebookGraphUrl,
    String facebookJwksUrl) {
}
