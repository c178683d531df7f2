package io.tidings.delivery;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * The current state of a channel, as domain code keeps it (CDI event): e.g. the whole order book after each change.
 * It is not published; a new subscriber of the channel gets it as an {@code event} frame (without offset) right after
 * {@code subscribed}, and from then on the live events. Once set this way, a channel's state is only what is set.
 */
public record ChannelStateChanged(String channel, String event, JsonObject data) {

    public ChannelStateChanged {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
