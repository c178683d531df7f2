package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.RecordingSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A channel's subscriptions in parts by connection. */
class ChannelSubscribersTest {

    private final ChannelSubscribers subscribers = new ChannelSubscribers();

    private static Subscription subscription(String connectionId) {
        Connection connection = new Connection(
                connectionId,
                "/ws",
                "127.0.0.1",
                new RecordingSocket().session(),
                new Limits(16, 100, 100),
                Runnable::run,
                DeliveryMeter.NONE);
        return new Subscription(connection, "trades:X", false);
    }

    @Test
    void eachSubscriptionIsInThePartOfItsConnectionAndAllWalksEveryPart() {
        Set<Subscription> added = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Subscription subscription = subscription("c" + i);
            subscribers.add(subscription);
            added.add(subscription);
            int part = ChannelSubscribers.partOf(subscription.connectionHash());
            assertTrue(subscribers.part(part).contains(subscription));
            assertTrue(subscribers.hasAny(part));
        }
        assertEquals(200, subscribers.size());
        assertEquals(added, new HashSet<>(subscribers.all()));
        assertEquals(200, subscribers.all().size());
        assertSame(subscribers.all(), subscribers.all(), "one view: the monitor's empty check on every publication");
    }

    @Test
    void aRemovedSubscriptionLeavesItsPartAndTheCount() {
        Subscription first = subscription("c1");
        Subscription second = subscription("c1"); // the same connection: the same part
        subscribers.add(first);
        subscribers.add(second);
        subscribers.add(first); // already there: not counted twice
        assertEquals(2, subscribers.size());

        subscribers.remove(first);
        subscribers.remove(first);
        subscribers.remove(second);

        int part = ChannelSubscribers.partOf(first.connectionHash());
        assertEquals(0, subscribers.size());
        assertFalse(subscribers.hasAny(part));
        assertTrue(subscribers.all().isEmpty());
        assertFalse(subscribers.all().iterator().hasNext());
    }
}
