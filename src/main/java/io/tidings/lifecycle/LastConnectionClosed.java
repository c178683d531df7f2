package io.tidings.lifecycle;

/** The last connection of a user on this node closed. */
public record LastConnectionClosed(String user) {}
