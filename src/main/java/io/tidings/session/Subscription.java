package io.tidings.session;

import io.tidings.protocol.EncodedText;
import io.tidings.protocol.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's subscription to one channel. It starts by holding back live events while the subscriber learns
 * its starting position (and reads what it missed), then releases those after that position: no gap, no duplicate.
 * Ephemeral events (offset 0) are not part of that order and are released as they are.
 */
public final class Subscription {

    private record Held(long offset, String epoch, EncodedText frame) {}

    private final Connection connection;
    private final String channel;
    /** The connection's user when it subscribed: its {@code Unsubscribed} names the same one. */
    private final String user;

    private final String conflateAs;
    /**
     * Its connection's id's hash, kept here so that its channel's part ({@link ChannelSubscribers}) is found without
     * the connection.
     */
    private final int connectionHash;

    private List<Held> heldBack = new ArrayList<>();
    private long lastOffset;
    private String epoch;
    private boolean ended;

    Subscription(Connection connection, String channel, boolean conflatable) {
        this.connection = connection;
        this.channel = channel;
        this.user = connection.user();
        this.conflateAs = conflatable ? channel : null;
        this.connectionHash = connection.id().hashCode();
    }

    /** The hash of its connection's id ({@code connection().id().hashCode()}). */
    public int connectionHash() {
        return connectionHash;
    }

    public Connection connection() {
        return connection;
    }

    public String channel() {
        return channel;
    }

    String user() {
        return user;
    }

    /**
     * A live event of the channel, in offset order. An event of another epoch than the one the subscription is in
     * (the bus lost the channel's state and started again) is delivered: its offsets start again, which the client
     * sees as a gap and recovers from, instead of its events being dropped as already seen.
     *
     * @param offset its offset, 0 when ephemeral
     * @param epoch its epoch, null when ephemeral
     * @param acceptedNanos when the bus accepted it ({@link System#nanoTime()})
     */
    public void deliver(long offset, String epoch, String frame, long acceptedNanos) {
        deliver(offset, epoch, EncodedText.of(frame, acceptedNanos), null);
    }

    /**
     * As {@link #deliver(long, String, String, long)}, with the frame encoded once for every subscriber (it carries
     * when the bus accepted it), under the delivery worker's {@link Cork} (or null).
     */
    public synchronized void deliver(long offset, String epoch, EncodedText frame, Cork cork) {
        if (ended) {
            return;
        }
        if (heldBack != null) {
            if (heldBack.size() >= connection.queueCapacity()) {
                connection.overflowed();
                return;
            }
            heldBack.add(new Held(offset, epoch, frame));
            return;
        }
        if (offset == 0) {
            connection.deliver(frame, null, cork);
            return;
        }
        if (epoch != null && !epoch.equals(this.epoch)) {
            this.epoch = epoch;
            lastOffset = 0;
        }
        if (offset > lastOffset) {
            lastOffset = offset;
            connection.deliver(frame, conflateAs, cork);
        }
    }

    /**
     * Goes live: sends {@code ack}, then the {@code missed} event frames (up to the position {@code upTo}), then the
     * held-back events after it.
     *
     * @return false, sending nothing, when the subscription ended before it started
     */
    public synchronized boolean start(String ack, List<String> missed, Position upTo) {
        return start(ack, missed, List.of(), upTo);
    }

    /**
     * Goes live: sends {@code ack} (a Tidings frame; none when null, for a client that believes it is subscribed
     * already), the {@code missed} events (written in the connection's dialect) up to the position {@code upTo}, the
     * channel's {@code state} (Tidings frames), then the held-back events after it.
     *
     * @return false, sending nothing, when the subscription ended before it started
     */
    public synchronized boolean start(String ack, List<String> missed, List<String> state, Position upTo) {
        if (ended) {
            return false;
        }
        if (ack != null) {
            connection.send(ack);
        }
        for (String event : missed) {
            connection.sendWritten(event);
        }
        for (String frame : state) {
            connection.send(frame);
        }
        lastOffset = upTo.offset();
        epoch = upTo.epoch();
        connection.subscriptionStarted(channel, upTo);
        List<Held> held = heldBack;
        heldBack = null;
        for (Held event : held) {
            deliver(event.offset(), event.epoch(), event.frame(), null);
        }
        return true;
    }

    /**
     * Ends it (the registry has removed it): nothing more is sent, and a start that comes later sends nothing, so
     * whoever ended it and says so to the client says it after anything this subscription sent.
     *
     * @return whether it had started (its client was answered {@code subscribed}) and not ended before
     */
    synchronized boolean end() {
        boolean started = !ended && heldBack == null;
        ended = true;
        heldBack = null;
        return started;
    }
}
