package io.tidings.delivery;

import io.tidings.cluster.Bus;
import io.tidings.session.ChannelInterest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/** Subscribes this node to a channel on the bus while it has local subscribers. */
@ApplicationScoped
public class BusInterest implements ChannelInterest {

    private Bus bus;

    BusInterest() {}

    @Inject
    public BusInterest(Bus bus) {
        this.bus = bus;
    }

    @Override
    public CompletionStage<Void> first(String channel) {
        return bus.subscribe(channel);
    }

    @Override
    public void last(String channel) {
        bus.unsubscribe(channel);
    }
}
