package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The frame budget and the run of refused frames that ends in 4008, on a clock the test moves. */
class ConnectionRateTest {

    private static final int PER_SECOND = 10;
    private static final int BURST = 10;

    @Test
    void aClientThatKeepsSendingTooFastRunsUpItsViolationsEvenWhenSomeFramesGetThrough() {
        Connection connection = connection();
        long now = System.currentTimeMillis();
        int let = 0;
        int run = 0;
        for (int frame = 0; frame < 200; frame++, now += 20) { // 50 a second against 10
            if (connection.withinRate(now)) {
                let++;
            } else {
                run = connection.countRateViolation(now);
            }
        }
        assertTrue(let > BURST + 30, "frames were let through between the refused ones: " + let);
        assertEquals(200 - let, run, "and the run went on through them");
    }

    @Test
    void aQuietSecondEndsTheRun() {
        Connection connection = connection();
        long now = System.currentTimeMillis();
        spendUntilRefused(connection, now);
        assertEquals(1, connection.countRateViolation(now));
        spendUntilRefused(connection, now + 500);
        assertEquals(2, connection.countRateViolation(now + 500), "half a second is not quiet enough");
        spendUntilRefused(connection, now + 1_500);
        assertEquals(1, connection.countRateViolation(now + 1_500), "a second after the last refused frame: a new run");
    }

    /** Takes the budget's tokens at {@code now} until one is refused; at least one must be there. */
    private static void spendUntilRefused(Connection connection, long now) {
        int let = 0;
        while (connection.withinRate(now)) {
            let++;
            assertTrue(let <= BURST, "the burst is bounded");
        }
        assertTrue(let > 0, "the budget had refilled");
    }

    private static Connection connection() {
        OutboxTest.ManualRemote remote = new OutboxTest.ManualRemote();
        return new Connection(
                "c",
                "/ws",
                "127.0.0.1",
                remote.session(),
                new Limits(16, PER_SECOND, BURST),
                Runnable::run,
                DeliveryMeter.NONE);
    }
}
