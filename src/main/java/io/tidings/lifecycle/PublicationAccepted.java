package io.tidings.lifecycle;

import jakarta.json.JsonObject;

/**
 * The bus accepted a publication of this node, whichever way it came (HTTP API, CDI event, a client's
 * {@code publish}, a throttled publication released). A publication repeated under the same idempotency key is not
 * accepted again.
 *
 * @param offset its offset in the channel, 0 when ephemeral
 * @param epoch the channel's epoch, null when ephemeral
 * @param data its data, as published (observers that keep state from it, such as unread counts, read it)
 */
public record PublicationAccepted(
        String channel, String event, long offset, String epoch, boolean ephemeral, JsonObject data) {}
