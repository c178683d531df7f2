package io.tidings.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TypingThrottleTest {

    private final TypingThrottle throttle = new TypingThrottle(1000);

    @Test
    void oneTypingPerIntervalPerUserAndConversation() {
        assertTrue(throttle.admit("a", "c1", true, 0));
        assertFalse(throttle.admit("a", "c1", true, 500), "repeated within the interval");
        assertTrue(throttle.admit("b", "c1", true, 500), "another user");
        assertTrue(throttle.admit("a", "c2", true, 500), "another conversation");
        assertTrue(throttle.admit("a", "c1", true, 1000), "the next interval");
    }

    @Test
    void aStopPassesOnlyRightAfterATypingThatPassed() {
        assertFalse(throttle.admit("a", "c1", false, 0), "nothing to stop");
        assertTrue(throttle.admit("a", "c1", true, 10));
        assertTrue(throttle.admit("a", "c1", false, 20), "ends the typing that went out");
        assertFalse(throttle.admit("a", "c1", false, 30), "a second stop in a row");
    }

    @Test
    void alternatingSendsAtMostOneOfEachPerInterval() {
        int typing = 0;
        int stopped = 0;
        for (long now = 0; now < 2300; now += 50) {
            boolean value = now % 100 == 0;
            if (throttle.admit("a", "c1", value, now)) {
                if (value) {
                    typing++;
                } else {
                    stopped++;
                }
            }
        }
        assertEquals(3, typing, "true at 0, 1000 and 2000");
        assertEquals(3, stopped, "one false after each");
    }
}
