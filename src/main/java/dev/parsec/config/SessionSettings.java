package dev.parsec.config;

/**
 * How sessions last, as in Parse Server: with expire_inactive_sessions a session expires session_length after
 * it began (without it, never); with extend_session_on_use a session in use is extended by session_length once
 * half of it has passed (one write per session per half length, made off the request path); with
 * revoke_session_on_password_reset a new password (by the reset page or an update) ends every session of the user.
 */
public record SessionSettings(boolean expireInactiveSessions, boolean extendSessionOnUse, boolean revokeSessionOnPasswordReset) {

  public static final SessionSettings DEFAULTS = new SessionSettings(true, false, true);
}
