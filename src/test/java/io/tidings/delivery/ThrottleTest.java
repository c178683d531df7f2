package io.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private final Throttle throttle = new Throttle("ticker:=1, token:price=4");

    @Test
    void letsOnePerIntervalThroughAndKeepsTheLatest() {
        assertInstanceOf(Throttle.Now.class, throttle.offer(tick("ticker:BTC"), 0));
        Throttle.Held first = assertInstanceOf(Throttle.Held.class, throttle.offer(tick("ticker:BTC"), 100));
        assertEquals(1000, first.flushAt(), "the first held one schedules the flush");
        Publication latest = tick("ticker:BTC");
        Throttle.Held second = assertInstanceOf(Throttle.Held.class, throttle.offer(latest, 200));
        assertEquals(0, second.flushAt(), "already scheduled");
        assertSame(latest, throttle.release("ticker:BTC", 1000), "the latest state is what goes out");
        assertNull(throttle.release("ticker:BTC", 1000));
        assertInstanceOf(Throttle.Held.class, throttle.offer(tick("ticker:BTC"), 1500), "a new interval began");
        assertInstanceOf(Throttle.Now.class, throttle.offer(tick("ticker:ETH"), 100), "per channel");
        assertInstanceOf(Throttle.Now.class, throttle.offer(tick("trades:BTC"), 100), "unthrottled patterns");
        assertInstanceOf(Throttle.Now.class, throttle.offer(tick("token:price"), 0));
        assertEquals(250, ((Throttle.Held) throttle.offer(tick("token:price"), 10)).flushAt());
    }

    @Test
    void withoutRulesItIsInactive() {
        assertFalse(new Throttle("").active());
    }

    private static Publication tick(String channel) {
        return new Publication(
                channel, "ticker.update", Json.createObjectBuilder().build(), 0);
    }
}
