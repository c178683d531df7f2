package io.tidings.cluster;

import java.util.Objects;

/**
 * An event to publish, as the bus carries it between nodes.
 *
 * @param channel a valid channel name
 * @param event the event name
 * @param data the event's data as JSON object text
 * @param ts epoch milliseconds at publication
 */
public record Message(String channel, String event, String data, long ts) {

    public Message {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
