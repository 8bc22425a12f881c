package dev.parsec.config;

/**
 * Parse Server options on what the API accepts and answers: allow_custom_object_id (clients may choose a new
 * object's objectId), prevent_signup_with_unverified_email (a signup whose email must be verified before logging
 * in answers 205 instead of the user), default_limit (the limit of a find that names none).
 */
public record ApiOptions(boolean allowCustomObjectId, boolean preventSignupWithUnverifiedEmail, int defaultLimit) {

  public static final ApiOptions DEFAULTS = new ApiOptions(false, false, 100);
}
