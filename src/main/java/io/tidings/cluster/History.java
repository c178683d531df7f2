package io.tidings.cluster;

import io.tidings.protocol.Position;
import java.util.List;

/**
 * A page of a channel's kept history.
 *
 * @param position the channel's latest position when read
 * @param complete false when events after the asked offset were no longer kept (count or age limit)
 * @param events the oldest kept events after the asked offset, in offset order, at most the asked limit
 */
public record History(Position position, boolean complete, List<Entry> events) {

    public History {
        events = List.copyOf(events);
    }
}
