package io.tidings.delivery;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * Something happened that subscribers of {@code channel} should see as an {@code event} frame. Fire it as a CDI
 * event from anywhere in the application; {@link Publisher} observes it.
 *
 * @param channel a valid channel name
 * @param event the event name, e.g. {@code ticker.update}
 * @param data the payload (amounts as decimal strings)
 * @param ts epoch milliseconds at publication
 */
public record Publication(String channel, String event, JsonObject data, long ts) {

    public Publication {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }

    public static Publication now(String channel, String event, JsonObject data) {
        return new Publication(channel, event, data, System.currentTimeMillis());
    }
}
