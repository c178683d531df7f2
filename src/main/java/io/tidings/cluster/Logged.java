package io.tidings.cluster;

/** One event as kept in history: its offset, publication time and serialized {@code event} frame. */
public record Logged(long offset, long ts, String frame) {}
