package io.tidings.lifecycle;

/** A connection subscribed to a channel it was not subscribed to. {@code user} is null while anonymous. */
public record Subscribed(String connection, String namespace, String user, String channel) {}
