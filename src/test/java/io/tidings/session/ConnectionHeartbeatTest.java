package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The heartbeat as the housekeeping drives it: one call per sweep, on a clock the test moves. */
class ConnectionHeartbeatTest {

    private static final long PERIOD = 1_000;
    private static final long SWEEP = 100;

    @Test
    void pingsOncePerPeriodWithoutSkippingOne() {
        OutboxTest.ManualRemote remote = new OutboxTest.ManualRemote();
        long start = System.currentTimeMillis();
        Connection connection = connection(remote);
        for (long now = start; now < start + 10 * PERIOD; now += SWEEP) {
            connection.heard(now); // a live client answers every ping
            assertTrue(connection.keepAlive(now, PERIOD, 3));
        }
        assertTrue(remote.pings >= 9 && remote.pings <= 11, "pings in ten periods: " + remote.pings);
    }

    @Test
    void aSilentClientIsDueForClosingAfterItsMissedPings() {
        OutboxTest.ManualRemote remote = new OutboxTest.ManualRemote();
        long start = System.currentTimeMillis();
        Connection connection = connection(remote);
        long now = start;
        while (connection.keepAlive(now, PERIOD, 3)) {
            now += SWEEP;
            assertTrue(now < start + 10 * PERIOD, "never due for closing");
        }
        assertEquals(3, remote.pings, "three unanswered pings, then closed");
        assertTrue(now - start > 3 * PERIOD && now - start <= 4 * PERIOD + SWEEP, "after " + (now - start) + " ms");
    }

    @Test
    void connectionsOpenedTogetherArePingedAcrossThePeriod() {
        int[] firstPingPerTenth = new int[10];
        for (int i = 0; i < 2_000; i++) {
            OutboxTest.ManualRemote remote = new OutboxTest.ManualRemote();
            long start = System.currentTimeMillis(); // each connection's own: a slow machine spreads the openings
            Connection connection = connection(remote);
            for (long now = start; remote.pings == 0; now += SWEEP) {
                connection.keepAlive(now, PERIOD, 3);
                if (remote.pings > 0) {
                    firstPingPerTenth[(int) Math.min(9, (now - start - 1) / SWEEP)]++;
                }
            }
        }
        for (int count : firstPingPerTenth) {
            assertTrue(
                    count > 100, "first pings spread over the period: " + java.util.Arrays.toString(firstPingPerTenth));
        }
    }

    private static Connection connection(OutboxTest.ManualRemote remote) {
        return new Connection(
                "c", "/ws", "127.0.0.1", remote.session(), new Limits(16, 100, 100), Runnable::run, DeliveryMeter.NONE);
    }
}
