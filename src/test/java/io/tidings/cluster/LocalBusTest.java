package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tidings.protocol.Position;
import org.junit.jupiter.api.Test;

class LocalBusTest extends BusContract {

    @Override
    protected Bus newBus(int historySize) {
        return new LocalBus(delivered::add, historySize, 300);
    }

    @Test
    void forgetsAnIdleChannelNobodySubscribesToAndStartsANewEpoch() {
        LocalBus bus = new LocalBus(delivered::add, 0, 300); // keeps no history, so a channel is idle at once
        publish(bus, "status", 1);
        Position before = bus.position("status");
        bus.subscribe("status");
        bus.forgetIdle();
        assertEquals(before, bus.position("status"), "subscribed here: kept");
        bus.unsubscribe("status");
        bus.forgetIdle();
        Position after = bus.position("status");
        assertNotEquals(before.epoch(), after.epoch());
        assertEquals(0, after.offset());
    }

    @Test
    void keepsAChannelWhileItsHistoryLasts() {
        LocalBus bus = new LocalBus(delivered::add, 10, 300);
        publish(bus, "status", 1);
        bus.forgetIdle();
        assertEquals(1, bus.position("status").offset());
        assertEquals(1, bus.channelCount());
    }

    @Test
    void aChannelOnlyLookedAtIsForgottenWhenItsLastSubscriberLeaves() {
        LocalBus bus = new LocalBus(delivered::add, 10, 300);
        for (int i = 0; i < 1000; i++) {
            String channel = "trades:UNIQUE" + i;
            bus.subscribe(channel);
            bus.position(channel);
            bus.unsubscribe(channel);
        }
        publish(bus, "status", 1);
        bus.subscribe("status");
        bus.unsubscribe("status");
        assertEquals(1, bus.channelCount(), "only the channel with history is kept");
    }
}
