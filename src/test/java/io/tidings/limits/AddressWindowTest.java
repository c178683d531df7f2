package io.tidings.limits;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressWindowTest {

    @Test
    void anAddressIsOverTheLimitUntilItsWindowEnds() {
        AddressWindow failures = new AddressWindow(3, 1_000);
        failures.record("10.0.0.1", 0);
        failures.record("10.0.0.1", 100);
        assertFalse(failures.over("10.0.0.1", 200));
        failures.record("10.0.0.1", 300);
        assertTrue(failures.over("10.0.0.1", 400));
        assertFalse(failures.over("10.0.0.2", 400), "other addresses are not affected");
        assertFalse(failures.over("10.0.0.1", 1_000), "the window has ended");
    }
}
