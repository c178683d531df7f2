package io.tidings.cluster;

import io.tidings.protocol.Position;

/**
 * What {@link Bus#publish} did.
 *
 * @param position the publication's position; null when ephemeral
 * @param repeated true when its idempotency key was seen before: nothing was published, this is the first result
 */
public record Accepted(Position position, boolean repeated) {}
