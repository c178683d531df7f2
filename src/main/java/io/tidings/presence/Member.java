package io.tidings.presence;

/**
 * A user present on a channel.
 *
 * @param connections how many of the user's connections are there, on every node
 * @param since epoch milliseconds since when the user has been there without a break longer than the grace period
 */
public record Member(String user, int connections, long since) {}
