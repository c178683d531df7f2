package io.tidings.cluster;

import io.tidings.protocol.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel's offset counter, its bounded history (by count and by age) and the idempotency keys seen lately. Not
 * thread-safe: the owner serializes access.
 */
final class ChannelHistory {

    /** Idempotency keys remembered per channel; the oldest are forgotten first. */
    static final int MAX_KEYS = 1024;

    private record Seen(Accepted result, long at) {}

    private final String epoch;
    private final int capacity;
    private final long ttlMillis;
    private final ArrayDeque<Entry> events = new ArrayDeque<>();
    private final Map<String, Seen> keys = new LinkedHashMap<>();
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

    void append(Entry event) {
        offset = event.offset();
        if (capacity == 0) {
            return;
        }
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    String epoch() {
        return epoch;
    }

    Position position() {
        return new Position(offset, epoch);
    }

    /** The result first given for this idempotency key, or null. */
    Accepted seen(String key, long now) {
        dropExpiredKeys(now);
        Seen seen = keys.get(key);
        return seen == null ? null : seen.result();
    }

    void remember(String key, Accepted result, long now) {
        keys.put(key, new Seen(result, now));
        if (keys.size() > MAX_KEYS) {
            Iterator<String> oldest = keys.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    Recovery since(Position since, long now) {
        Position current = position();
        if (!epoch.equals(since.epoch()) || since.offset() > offset || since.offset() < 0) {
            return new Recovery(current, false, List.of());
        }
        if (since.offset() == offset) {
            return new Recovery(current, true, List.of());
        }
        History page = after(since.offset(), Integer.MAX_VALUE, now);
        return new Recovery(current, page.complete(), page.complete() ? page.events() : List.of());
    }

    History after(long since, int limit, long now) {
        dropExpired(now);
        Entry first = events.peekFirst();
        boolean complete = since >= offset || first != null && first.offset() <= since + 1;
        List<Entry> page = new ArrayList<>();
        for (Entry event : events) {
            if (page.size() == limit) {
                break;
            }
            if (event.offset() > since) {
                page.add(event);
            }
        }
        return new History(position(), complete, page);
    }

    /** Whether every kept event and key is older than the age limit (or none was ever kept). */
    boolean idle(long now) {
        dropExpired(now);
        dropExpiredKeys(now);
        return events.isEmpty() && keys.isEmpty();
    }

    /** Marks this history as dropped from its channel; whoever holds it must look the channel up again. */
    void forget() {
        forgotten = true;
    }

    boolean forgotten() {
        return forgotten;
    }

    private void dropExpired(long now) {
        while (!events.isEmpty() && now - events.peekFirst().message().ts() > ttlMillis) {
            events.removeFirst();
        }
    }

    private void dropExpiredKeys(long now) {
        Iterator<Seen> oldest = keys.values().iterator();
        while (oldest.hasNext() && now - oldest.next().at() > ttlMillis) {
            oldest.remove();
        }
    }
}
