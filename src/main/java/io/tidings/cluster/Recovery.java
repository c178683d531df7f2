package io.tidings.cluster;

import io.tidings.protocol.Position;
import java.util.List;

/**
 * The answer to "what did I miss since this position": the channel's current position, and when the history still
 * covers the gap ({@code recovered}), every event after the given offset up to that position, in order.
 */
public record Recovery(Position position, boolean recovered, List<Entry> missed) {

    public Recovery {
        missed = List.copyOf(missed);
    }
}
