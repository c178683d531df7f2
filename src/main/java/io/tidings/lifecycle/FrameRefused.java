package io.tidings.lifecycle;

/**
 * A connection's frame was answered with an {@code error}.
 *
 * @param user the user id, or null while anonymous
 * @param code the error code as on the wire ({@code bad_request}, ...)
 */
public record FrameRefused(String connection, String namespace, String user, String code) {}
