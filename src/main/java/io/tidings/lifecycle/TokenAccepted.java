package io.tidings.lifecycle;

/** A presented token was verified (at a handshake, by {@code authenticate}, or on the HTTP API). */
public record TokenAccepted(String user) {}
