package io.tidings.delivery;

import io.tidings.cluster.PublishOptions;
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
 * @param options ephemeral, excluding a connection, or under an idempotency key
 */
public record Publication(String channel, String event, JsonObject data, long ts, PublishOptions options) {

    public Publication {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
    }

    public Publication(String channel, String event, JsonObject data, long ts) {
        this(channel, event, data, ts, PublishOptions.NONE);
    }

    public static Publication now(String channel, String event, JsonObject data) {
        return new Publication(channel, event, data, System.currentTimeMillis());
    }

    public Publication with(PublishOptions options) {
        return new Publication(channel, event, data, ts, options);
    }
}
