package io.tidings.session;

import io.tidings.cluster.Logged;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's subscription to one channel. It starts by holding back live events while the subscriber learns
 * its starting position (and reads what it missed), then releases those after that position: no gap, no duplicate.
 */
public final class Subscription {

    private final Connection connection;
    private final String channel;
    private final String conflateAs;
    private List<Logged> heldBack = new ArrayList<>();
    private long lastOffset;

    Subscription(Connection connection, String channel, boolean conflatable) {
        this.connection = connection;
        this.channel = channel;
        this.conflateAs = conflatable ? channel : null;
    }

    public Connection connection() {
        return connection;
    }

    public String channel() {
        return channel;
    }

    /** A live event of the channel, in offset order. */
    public synchronized void deliver(long offset, String frame) {
        if (heldBack != null) {
            if (heldBack.size() >= connection.queueCapacity()) {
                connection.overflowed();
                return;
            }
            heldBack.add(new Logged(offset, 0, frame));
        } else if (offset > lastOffset) {
            lastOffset = offset;
            connection.deliver(frame, conflateAs);
        }
    }

    /**
     * Goes live: sends {@code ack}, then {@code missed} (events up to {@code upTo}), then the held-back events
     * after {@code upTo}.
     */
    public synchronized void start(String ack, List<Logged> missed, long upTo) {
        connection.send(ack);
        for (Logged event : missed) {
            connection.send(event.frame());
        }
        lastOffset = upTo;
        List<Logged> held = heldBack;
        heldBack = null;
        for (Logged event : held) {
            deliver(event.offset(), event.frame());
        }
    }
}
