package io.tidings.session;

/**
 * Per-connection bounds.
 *
 * @param queueCapacity frames queued before the connection is a slow consumer
 * @param framesPerSecond sustained client frames per second
 * @param frameBurst client frames allowed in a burst
 */
public record Limits(int queueCapacity, double framesPerSecond, double frameBurst) {}
