package io.tidings.delivery;

import io.tidings.cluster.BusHandler;
import io.tidings.cluster.Entry;
import io.tidings.protocol.EncodedText;
import io.tidings.session.ChannelSubscribers;
import io.tidings.session.Connection;
import io.tidings.session.Cork;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The bus's handler on this node: hands each publication's one serialized frame, UTF-8 encoded once, to every local subscriber of its
 * channel (but the excluded connection or user), without waiting for any of them. It gives each {@link DeliveryWorkers}
 * worker that serves some of the channel's subscribers one task, in publication order, without walking them (the bus
 * calls it under the channel's lock); the worker walks its parts of the channel ({@link ChannelSubscribers}). Each
 * connection is always served by the same worker (so its frames keep their order, across channels too), a large
 * channel's subscribers by all of them at once, and the bus (the publisher, on one node) does not wait for the fan-out.
 */
@ApplicationScoped
public class Fanout implements BusHandler {

    private SessionRegistry registry;
    private DeliveryWorkers workers;

    protected Fanout() {}

    @Inject
    public Fanout(SessionRegistry registry, DeliveryWorkers workers) {
        this.registry = registry;
        this.workers = workers;
    }

    @Override
    public void handle(Entry entry) {
        ChannelSubscribers subscribers = registry.subscriberParts(entry.channel());
        if (subscribers == null) {
            return;
        }
        int count = workers.count();
        for (int worker = 0; worker < count; worker++) {
            if (anyIn(subscribers, worker, count)) {
                int first = worker;
                workers.execute(worker, () -> deliver(entry, subscribers, first, count));
            }
        }
    }

    /**
     * A worker serves the parts {@code worker}, {@code worker + count}, ...: a connection is in one part, so it is
     * always served by the same worker and its frames keep their order.
     */
    private static boolean anyIn(ChannelSubscribers subscribers, int worker, int count) {
        for (int part = worker; part < ChannelSubscribers.PARTS; part += count) {
            if (subscribers.hasAny(part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Each dialect's frame is written and encoded once for every subscriber on this node that speaks it. The parts are
     * walked when the worker gets to them: a subscription made since the publication was handed over may see it,
     * and lets through only what lies after its position (as for every live event; an ephemeral event, which has
     * none, reaches it).
     */
    private static void deliver(Entry entry, ChannelSubscribers subscribers, int worker, int count) {
        Cork cork = Cork.current(); // a worker's busy turn: each connection's frames leave together at its end
        boolean excluding = entry.excludesAnyone();
        for (int part = worker; part < ChannelSubscribers.PARTS; part += count) {
            for (Subscription subscription : subscribers.part(part)) {
                if (excluding && excluded(entry, subscription.connection())) {
                    continue;
                }
                EncodedText encoded =
                        entry.encodedFrame(subscription.connection().dialect().events());
                subscription.deliver(entry.offset(), entry.epoch(), encoded, cork);
            }
        }
    }

    private static boolean excluded(Entry entry, Connection connection) {
        return entry.excludes(connection.id(), connection.user());
    }
}
