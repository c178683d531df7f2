package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WarmupTallyTest {

    private static final String EVENT = "{\"type\":\"event\",\"channel\":\"trades:WARMUP-1\",\"event\":\"trade\","
            + "\"data\":{\"type\":\"event\"},\"offset\":1,\"ts\":1}";

    private final WarmupTally tally = new WarmupTally();

    @Test
    void connectedIsTheCueToSubscribeAndCountsNothing() {
        assertTrue(tally.read("{\"type\":\"connected\",\"connectionId\":\"c1\",\"heartbeat\":25}"));
        assertFalse(tally.read("{\"type\":\"subscribed\",\"channel\":\"trades:WARMUP-1\",\"offset\":0}"));
        assertEquals(0, tally.events());
    }

    @Test
    void aBatchedMessageCountsOneEventPerLine() {
        tally.read(EVENT);
        tally.read(EVENT + "\n" + EVENT + "\n" + EVENT);
        assertEquals(4, tally.events());
    }

    @Test
    void aLineThatIsNotAnEventIsNotCountedWhereverTheWordAppears() {
        tally.read(
                "{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"{\\\"type\\\":\\\"event\\\"\"}\n" + EVENT);
        assertEquals(1, tally.events());
    }

    @Test
    void waitsForEventsThatComeFromAnotherThread() throws Exception {
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 300; i++) {
                tally.read(EVENT);
            }
        });
        tally.awaitEvents(300, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        reader.get(10, TimeUnit.SECONDS);
        assertEquals(300, tally.events());
    }

    @Test
    void waitsForEverySubscription() throws Exception {
        tally.read("{\"type\":\"subscribed\",\"channel\":\"trades:WARMUP-1\",\"offset\":0}");
        tally.read("{\"type\":\"subscribed\",\"channel\":\"trades:WARMUP-1\",\"offset\":0}");
        tally.awaitSubscribed(2, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        WarmupFailed thrown = assertThrows(WarmupFailed.class, () -> tally.awaitSubscribed(3, System.nanoTime()));
        assertTrue(thrown.getMessage().contains("timed out"), thrown.getMessage());
    }

    @Test
    void aClosedConnectionEndsTheWaitWithItsReason() {
        tally.closed("1013 server full, try again later");
        WarmupFailed thrown = assertThrows(
                WarmupFailed.class, () -> tally.awaitEvents(1, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        assertTrue(thrown.getMessage().contains("1013"), thrown.getMessage());
    }

    @Test
    void aWaitThatOutlastsItsDeadlineTimesOut() {
        tally.read(EVENT);
        assertThrows(
                WarmupFailed.class, () -> tally.awaitEvents(2, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50)));
    }

    @Test
    void anErrorAnswerEndsTheWaitAtOnce() {
        tally.read("{\"type\":\"error\",\"code\":\"too_many_subscriptions\",\"message\":\"try again later\"}");
        WarmupFailed thrown = assertThrows(
                WarmupFailed.class, () -> tally.awaitSubscribed(1, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        assertTrue(thrown.getMessage().contains("too_many_subscriptions"), thrown.getMessage());
    }
}
