package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.server.HttpUpgradeListener;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UndertowUpgradeTest {

    @Test
    void theUndertowWildFlyShipsHasTheListenerFieldThatIsReplaced() {
        assertTrue(UndertowUpgrade.available(), "HttpServerConnection.upgradeListener not found: the exchange stays");
    }

    @Test
    void theUpgradeRunsOnceAndOnlyOnce() {
        AtomicInteger upgrades = new AtomicInteger();
        HttpUpgradeListener once = UndertowUpgrade.once((connection, exchange) -> upgrades.incrementAndGet());

        once.handleUpgrade(null, null);
        once.handleUpgrade(null, null);

        assertEquals(1, upgrades.get());
    }
}
