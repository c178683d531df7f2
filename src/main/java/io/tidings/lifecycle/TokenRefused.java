package io.tidings.lifecycle;

/**
 * A presented token was refused, or not checked because its address failed too often lately.
 *
 * @param reason why, as the client was told (never the token)
 */
public record TokenRefused(String reason) {}
