package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tidings.protocol.Position;
import io.tidings.support.RecordingEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a subscription passes on: nothing its position covers, and nothing once ended; a new epoch starts again. */
class SubscriptionTest {

    private final OutboxTest.ManualRemote remote = new OutboxTest.ManualRemote();
    private final SessionRegistry registry = new SessionRegistry(
            new Limits(64, 100, 100),
            new SubscriptionBudget(1L << 40),
            new AlwaysLive(),
            DeliveryMeter.NONE,
            new RecordingEvents(),
            Runnable::run);
    private final Connection connection = registry.open(remote.session(), "/ws", "127.0.0.1", null);

    private Subscription subscribe() {
        return registry.subscribe(connection, "status", false)
                .toCompletableFuture()
                .join();
    }

    private List<String> sent() {
        remote.completeAll();
        return remote.sent;
    }

    @Test
    void heldBackEventsAfterThePositionFollowTheAckAndOldOnesAreDropped() {
        Subscription subscription = subscribe();
        subscription.deliver(5, "e1", "five", 0);
        subscription.deliver(6, "e1", "six", 0);
        subscription.start("ack", List.of("missed"), new Position(5, "e1"));
        subscription.deliver(6, "e1", "six again", 0);
        subscription.deliver(7, "e1", "seven", 0);
        assertEquals(List.of("ack", "missed", "six", "seven"), sent());
    }

    @Test
    void aNewEpochIsDeliveredFromItsFirstOffsetSoTheClientSeesTheGap() {
        Subscription subscription = subscribe();
        subscription.start("ack", List.of(), new Position(57, "e1"));
        subscription.deliver(58, "e1", "58", 0);
        subscription.deliver(1, "e2", "1 of a new epoch", 0);
        subscription.deliver(2, "e2", "2 of a new epoch", 0);
        assertEquals(List.of("ack", "58", "1 of a new epoch", "2 of a new epoch"), sent());
    }

    @Test
    void anEndedSubscriptionSendsNothingNotEvenItsStart() {
        Subscription subscription = subscribe();
        registry.unsubscribe(connection, "status");
        subscription.deliver(1, "e1", "one", 0);
        assertFalse(subscription.start("ack", List.of(), new Position(0, "e1")));
        assertEquals(List.of(), sent());
    }
}
