package io.tidings.delivery;

import io.tidings.cluster.BusHandler;
import io.tidings.cluster.Entry;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The bus's handler on this node: hands each publication's one serialized frame to every local subscriber of its
 * channel (but the excluded connection or user), without waiting for any of them.
 */
@ApplicationScoped
public class Fanout implements BusHandler {

    private SessionRegistry registry;

    protected Fanout() {}

    @Inject
    public Fanout(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Entry entry) {
        String frame = entry.frame();
        for (Subscription subscription : registry.subscribers(entry.channel())) {
            Connection connection = subscription.connection();
            if (!entry.excludes(connection.id(), connection.user())) {
                subscription.deliver(entry.offset(), entry.epoch(), frame, entry.acceptedNanos());
            }
        }
    }
}
