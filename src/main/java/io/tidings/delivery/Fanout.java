package io.tidings.delivery;

import io.tidings.cluster.BusHandler;
import io.tidings.cluster.Entry;
import io.tidings.protocol.EncodedText;
import io.tidings.session.Connection;
import io.tidings.session.Cork;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The bus's handler on this node: hands each publication's one serialized frame, UTF-8 encoded once, to every local subscriber of its
 * channel (but the excluded connection or user), without waiting for any of them. The subscribers are those of the
 * moment the bus hands it over; they are served by the {@link DeliveryWorkers}, each connection always by the same
 * worker (so its frames keep their order), a large channel's subscribers by all of them at once, and the bus (the
 * publisher, on one node) does not wait for the fan-out.
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
        Collection<Subscription> subscribers = registry.subscribers(entry.channel());
        if (subscribers.isEmpty()) {
            return;
        }
        int count = workers.count();
        List<List<Subscription>> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slices.add(null);
        }
        boolean excluding = entry.excludesAnyone();
        for (Subscription subscription : subscribers) {
            if (excluding && excluded(entry, subscription.connection())) {
                continue;
            }
            // spread by the hash the subscription keeps: the walk reads no connection (it runs under the bus's lock)
            int worker = workers.of(subscription.connectionHash());
            List<Subscription> slice = slices.get(worker);
            if (slice == null) {
                slice = new ArrayList<>();
                slices.set(worker, slice);
            }
            slice.add(subscription);
        }
        for (int worker = 0; worker < count; worker++) {
            List<Subscription> slice = slices.get(worker);
            if (slice != null) {
                workers.execute(worker, () -> deliver(entry, slice));
            }
        }
    }

    /** Each dialect's frame is written and encoded once for every subscriber on this node that speaks it. */
    private static void deliver(Entry entry, List<Subscription> slice) {
        Cork cork = Cork.current(); // a worker's busy turn: each connection's frames leave together at its end
        for (Subscription subscription : slice) {
            EncodedText encoded =
                    entry.encodedFrame(subscription.connection().dialect().events());
            subscription.deliver(entry.offset(), entry.epoch(), encoded, entry.acceptedNanos(), cork);
        }
    }

    private static boolean excluded(Entry entry, Connection connection) {
        return entry.excludes(connection.id(), connection.user());
    }
}
