package io.tidings.delivery;

import jakarta.json.spi.JsonProvider;

/** Writes the {@code event} frame of a publication: once per publication, whatever the number of subscribers. */
public final class EventFrame {

    private static final JsonProvider JSON = JsonProvider.provider();

    private EventFrame() {}

    public static String serialize(Publication publication, long offset) {
        // The channel grammar needs no escaping; the event name and data go through JSON-P.
        String data = publication.data().toString();
        return new StringBuilder(64 + publication.channel().length() + data.length())
                .append("{\"type\":\"event\",\"channel\":\"")
                .append(publication.channel())
                .append("\",\"event\":")
                .append(JSON.createValue(publication.event()))
                .append(",\"data\":")
                .append(data)
                .append(",\"offset\":")
                .append(offset)
                .append(",\"ts\":")
                .append(publication.ts())
                .append('}')
                .toString();
    }
}
