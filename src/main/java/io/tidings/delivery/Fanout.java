package io.tidings.delivery;

import io.tidings.session.SessionRegistry;
import io.tidings.session.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Hands one serialized event to every subscriber of its channel on this node, without waiting for any of them. */
@ApplicationScoped
public class Fanout {

    private SessionRegistry registry;

    protected Fanout() {}

    @Inject
    public Fanout(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Called by the bus once per publication, in offset order per channel. */
    public void deliver(String channel, long offset, String frame) {
        for (Subscription subscription : registry.subscribers(channel)) {
            subscription.deliver(offset, frame);
        }
    }
}
