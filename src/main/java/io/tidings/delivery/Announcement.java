package io.tidings.delivery;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * A message for every connection of a namespace ({@code /ws}, ...), or of every namespace when {@code namespace}
 * is null, subscribed or not (CDI event, or {@code POST /api/announce}). It arrives as an {@code event} frame of the
 * reserved channel {@code announcement}, without offset: only connections open now get it.
 */
public record Announcement(String namespace, String event, JsonObject data) {

    public static final String CHANNEL = "announcement";

    public Announcement {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
