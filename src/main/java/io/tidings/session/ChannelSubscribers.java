package io.tidings.session;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A channel's subscriptions on this node, kept in {@link #PARTS} parts by their connection's hash: a fan-out hands
 * each delivery worker its parts, and each worker walks only its own, so no publisher walks the channel's
 * subscribers under the channel's lock. Changed only by the registry, inside its map's compute for the
 * channel (one change at a time); read by any thread, a part as a weakly consistent set. A part is made on its first
 * subscription, so a channel of one subscriber holds one set.
 */
public final class ChannelSubscribers {

    /** How many parts; a connection is always in the part {@link #partOf} its id's hash. */
    public static final int PARTS = 32;

    private final AtomicReferenceArray<Set<Subscription>> parts = new AtomicReferenceArray<>(PARTS);
    private volatile int size;

    /** Every part, walked one after the other (weakly consistent, as each part): one view for the channel. */
    private final Collection<Subscription> all = new AbstractCollection<>() {
        @Override
        public Iterator<Subscription> iterator() {
            return new Iterator<>() {
                private int next;
                private Iterator<Subscription> current = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!current.hasNext() && next < PARTS) {
                        current = part(next++).iterator();
                    }
                    return current.hasNext();
                }

                @Override
                public Subscription next() {
                    hasNext();
                    return current.next();
                }
            };
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean isEmpty() {
            return size == 0;
        }
    };

    /** The part of a connection whose id has this hash. */
    public static int partOf(int connectionHash) {
        return Math.floorMod(connectionHash, PARTS);
    }

    /** The subscriptions of one part, a live view; empty when it has none. */
    public Collection<Subscription> part(int part) {
        Set<Subscription> set = parts.get(part);
        return set == null ? Collections.emptySet() : set;
    }

    /** Whether the part has a subscription (a moment's answer). */
    public boolean hasAny(int part) {
        Set<Subscription> set = parts.get(part);
        return set != null && !set.isEmpty();
    }

    public int size() {
        return size;
    }

    /**
     * Every subscription of the channel, a live view; the same one each time, so an empty check allocates nothing (the
     * monitor asks on every publication).
     */
    public Collection<Subscription> all() {
        return all;
    }

    /** Only inside the registry's compute for this channel. */
    void add(Subscription subscription) {
        int part = partOf(subscription.connectionHash());
        Set<Subscription> set = parts.get(part);
        if (set == null) {
            set = ConcurrentHashMap.newKeySet();
            parts.set(part, set);
        }
        if (set.add(subscription)) {
            size++;
        }
    }

    /** Only inside the registry's compute for this channel. */
    void remove(Subscription subscription) {
        Set<Subscription> set = parts.get(partOf(subscription.connectionHash()));
        if (set != null && set.remove(subscription)) {
            size--;
        }
    }
}
