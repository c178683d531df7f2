package io.tidings.lifecycle;

/** A user who had no connection on this node now has one (it opened authenticated, or authenticated). */
public record FirstConnectionOpened(String user) {}
