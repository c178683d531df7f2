package io.tidings.lifecycle;

/**
 * The bus accepted a publication of this node, whichever way it came (HTTP API, CDI event, a client's
 * {@code publish}, a throttled publication released). A publication repeated under the same idempotency key is not
 * accepted again.
 *
 * @param offset its offset in the channel, 0 when ephemeral
 * @param epoch the channel's epoch, null when ephemeral
 */
public record PublicationAccepted(String channel, String event, long offset, String epoch, boolean ephemeral) {}
