package io.tidings.protocol;

/**
 * A place in a channel's stream: the offset of its latest event (0 before the first) in a history generation.
 * The epoch changes whenever the history is lost, so an offset from an older epoch is never misread.
 */
public record Position(long offset, String epoch) {}
