package io.tidings.lifecycle;

/** A connection's subscription to a channel ended: unsubscribed, or the connection closed. */
public record Unsubscribed(String connection, String namespace, String user, String channel) {}
