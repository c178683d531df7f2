package io.tidings.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.lifecycle.ConnectionOpened;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.lifecycle.TokenRefused;
import io.tidings.protocol.ErrorCode;
import io.tidings.session.DeliveryMeter;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final Metrics metrics = new Metrics();

    @Test
    void countsConnectionsByNamespaceAndClosesByCode() {
        metrics.opened(new ConnectionOpened("a", "/ws", null));
        metrics.opened(new ConnectionOpened("b", "/admin", "root"));
        metrics.closed(new ConnectionClosed("a", "/ws", null, 4009));
        metrics.closed(new ConnectionClosed("c", "/ws", null, 3999)); // a client's own code
        String text = metrics.scrape();
        assertTrue(text.contains("tidings_connections{namespace=\"/admin\"} 1"), text);
        assertTrue(text.contains("tidings_closes_total{code=\"4009\"} 1"), text);
        assertTrue(text.contains("tidings_closes_total{code=\"other\"} 1"), text);
    }

    @Test
    void countsWhatIsSentAndTheLatencyOfDeliveries() {
        DeliveryMeter meter = metrics.deliveryMeter();
        meter.sent(0);
        for (int i = 0; i < Metrics.LATENCY_SAMPLE * 100; i++) {
            meter.sent(System.nanoTime() - 2_000_000);
        }
        meter.dropped();
        meter.conflated();
        meter.errorSent(ErrorCode.BAD_REQUEST, "c1", "/ws", null);
        metrics.accepted(
                new PublicationAccepted("status", "e", 1, "ep", false, jakarta.json.JsonValue.EMPTY_JSON_OBJECT));
        metrics.tokenRefused(new TokenRefused("expired"));
        Metrics.Stats stats = metrics.stats();
        assertEquals(Metrics.LATENCY_SAMPLE * 100, stats.deliveries());
        assertEquals(1, stats.published());
        assertEquals(1, stats.droppedFrames());
        assertEquals(1, stats.conflatedEvents());
        assertEquals(1, stats.authFailures());
        String text = metrics.scrape();
        assertTrue(text.contains("tidings_frames_sent_total " + (Metrics.LATENCY_SAMPLE * 100 + 1)), text);
        assertTrue(text.contains("tidings_errors_total{code=\"bad_request\"} 1"), text);
        assertTrue(text.matches("(?s).*tidings_delivery_latency_seconds_count [1-9].*"), "sampled: " + text);
        assertTrue(text.contains("tidings_delivery_latency_seconds_bucket"), "a histogram: " + text);
    }

    @Test
    void theMonitorsLatencyPercentilesAreOfTheDeliveriesSinceTheLastLook() {
        DeliveryMeter meter = metrics.deliveryMeter();
        for (int i = 0; i < Metrics.LATENCY_SAMPLE * 50; i++) {
            meter.sent(System.nanoTime() - 200_000_000); // 200 ms, before the first look
        }
        Metrics.Latencies before = metrics.monitorTotals().latencies();
        assertTrue(before.quantileSince(before, 0.5).isEmpty(), "nothing recorded in between");
        for (int i = 0; i < Metrics.LATENCY_SAMPLE * 99; i++) {
            meter.sent(System.nanoTime() - 2_000_000); // 2 ms
        }
        for (int i = 0; i < Metrics.LATENCY_SAMPLE; i++) {
            meter.sent(System.nanoTime() - 1_000_000_000); // one sampled of 1 s
        }
        Metrics.Latencies now = metrics.monitorTotals().latencies();
        double p50 = now.quantileSince(before, 0.5).orElseThrow();
        double p99 = now.quantileSince(before, 0.99).orElseThrow();
        double max = now.quantileSince(before, 1).orElseThrow();
        assertTrue(p50 >= 1.5 && p50 < 4, "p50 of the 2 ms ones, not of the earlier 200 ms: " + p50);
        assertTrue(p99 >= 1.5 && p99 < 4, "p99: " + p99);
        assertTrue(max >= 900 && max < 1500, "the slowest: " + max);
    }
}
