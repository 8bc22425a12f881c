package dev.parsec.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a new password must be (Parse Server's passwordPolicy): long enough, matching a pattern, not
 * containing the username, and none of the user's last `history` passwords.
 */
public record PasswordPolicy(Optional<Pattern> pattern, int minLength, boolean noUsername, int history) {
}
