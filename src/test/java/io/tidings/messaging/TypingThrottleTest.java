package io.tidings.messaging;

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
    void stoppingAndStartingAgainAlwaysPass() {
        assertTrue(throttle.admit("a", "c1", true, 0));
        assertTrue(throttle.admit("a", "c1", false, 10), "stopped typing always passes");
        assertTrue(throttle.admit("a", "c1", true, 20), "typing again after a stop");
        assertFalse(throttle.admit("a", "c1", true, 30));
    }
}
