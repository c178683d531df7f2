package io.tidings.session;

import java.util.concurrent.CompletionStage;

/**
 * Told when this node gains its first subscriber of a channel and loses its last, so publications of the channel reach
 * this node only while someone here listens. The registry calls it one call at a time per channel, in order.
 */
public interface ChannelInterest {

    /** The first local subscriber of the channel; live events are released to it once the stage completes. */
    CompletionStage<Void> first(String channel);

    /** The last local subscriber of the channel left. */
    void last(String channel);
}
