package io.tidings.protocol;

import jakarta.json.spi.JsonProvider;

/** Writes the {@code event} frame of a publication: once per publication, whatever the number of subscribers. */
public final class EventFrame {

    private static final JsonProvider JSON = JsonProvider.provider();

    private EventFrame() {}

    /**
     * @param data the event's data as JSON object text
     * @param offset the publication's offset, or 0 for an ephemeral event (which then carries none)
     */
    public static String serialize(String channel, String event, String data, long offset, long ts) {
        // The channel grammar needs no escaping; the event name goes through JSON-P, the data is JSON already.
        StringBuilder frame = new StringBuilder(80 + channel.length() + data.length())
                .append("{\"type\":\"event\",\"channel\":\"")
                .append(channel)
                .append("\",\"event\":")
                .append(JSON.createValue(event))
                .append(",\"data\":")
                .append(data);
        if (offset > 0) {
            frame.append(",\"offset\":").append(offset);
        }
        return frame.append(",\"ts\":").append(ts).append('}').toString();
    }
}
