package io.tidings.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel's offset counter and its bounded history, by count and by age. Not thread-safe: the owner
 * serializes access.
 */
final class ChannelHistory {

    private final String epoch;
    private final int capacity;
    private final long ttlMillis;
    private final ArrayDeque<Logged> events = new ArrayDeque<>();
    private long offset;
    private boolean forgotten;

    ChannelHistory(String epoch, int capacity, long ttlMillis) {
        this.epoch = epoch;
        this.capacity = capacity;
        this.ttlMillis = ttlMillis;
    }

    long next() {
        return offset + 1;
    }

    void append(Logged event) {
        offset = event.offset();
        if (capacity == 0) {
            return;
        }
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    Position position() {
        return new Position(offset, epoch);
    }

    Recovery since(Position since, long now) {
        Position current = position();
        if (!epoch.equals(since.epoch()) || since.offset() > offset || since.offset() < 0) {
            return new Recovery(current, false, List.of());
        }
        if (since.offset() == offset) {
            return new Recovery(current, true, List.of());
        }
        dropExpired(now);
        Logged first = events.peekFirst();
        if (first == null || first.offset() > since.offset() + 1) {
            return new Recovery(current, false, List.of());
        }
        List<Logged> missed = new ArrayList<>();
        for (Logged event : events) {
            if (event.offset() > since.offset()) {
                missed.add(event);
            }
        }
        return new Recovery(current, true, missed);
    }

    /** Whether every kept event is older than the age limit (or none was ever kept). */
    boolean idle(long now) {
        dropExpired(now);
        return events.isEmpty();
    }

    /** Marks this history as dropped from its channel; whoever holds it must look the channel up again. */
    void forget() {
        forgotten = true;
    }

    boolean forgotten() {
        return forgotten;
    }

    private void dropExpired(long now) {
        while (!events.isEmpty() && now - events.peekFirst().ts() > ttlMillis) {
            events.removeFirst();
        }
    }
}
