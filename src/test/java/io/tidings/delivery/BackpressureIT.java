package io.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.RawClient;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import jakarta.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A client that stops reading costs nobody else anything: it is conflated or closed with 4009. */
class BackpressureIT extends TidingsIT {

    private static final int EVENTS = 100_000;
    private static final int BATCH = 500;

    @Test
    void aClientThatStopsReadingIsClosedAsASlowConsumerWhileOthersGetEverything() throws Exception {
        String channel = "trades:S" + unique();
        long slowClosesBefore = api.stats().getJsonNumber("slowConsumerCloses").longValue();
        try (RawClient slow = RawClient.connect(api.ws("ws"), 4096);
                TestClient fast = TestClient.connect(api.ws("ws"))) {
            slow.subscribeThenStall(channel);
            fast.subscribe(channel);

            long started = System.nanoTime();
            api.publishMany(channel, "trade", EVENTS, BATCH); // the slow client reads none of it
            long[] offsets = fast.awaitEvents(channel, EVENTS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            for (int i = 0; i < EVENTS; i++) {
                assertEquals(i + 1, offsets[i], "the fast client's offset at " + i);
            }
            System.out.printf("fast subscriber got %d events in %d ms beside a stalled one%n", EVENTS, millis);

            assertTrue(
                    api.stats().getJsonNumber("slowConsumerCloses").longValue() > slowClosesBefore,
                    "the stalled client was closed as a slow consumer");
            int code = slow.readUntilClosed();
            assertTrue(
                    code == 4009 || code == -1,
                    "closed with 4009 (or cut off if even that could not be sent): " + code);
        }
    }

    @Test
    void aStalledReaderThatResumesReadsItsCloseCode4009() throws Exception {
        String channel = "trades:R" + unique();
        long slowClosesBefore = api.stats().getJsonNumber("slowConsumerCloses").longValue();
        try (RawClient stalled = RawClient.connect(api.ws("ws"), 4096)) {
            stalled.subscribeThenStall(channel);
            for (int round = 0; round < 40; round++) {
                api.publishMany(channel, "trade", 5_000, BATCH);
                if (api.stats().getJsonNumber("slowConsumerCloses").longValue() > slowClosesBefore) {
                    break;
                }
            }
            assertTrue(
                    api.stats().getJsonNumber("slowConsumerCloses").longValue() > slowClosesBefore,
                    "closed as a slow consumer");
            assertEquals(4009, stalled.readUntilClosed(), "the close frame waited behind what was queued");
        }
    }

    @Test
    void aSlowClientOnAConflatableChannelGetsTheLatestState() throws Exception {
        String channel = "ticker:S" + unique();
        long conflatedBefore = api.stats().getJsonNumber("conflatedEvents").longValue();
        try (RawClient slow = RawClient.connect(api.ws("ws"), 4096)) {
            slow.subscribeThenStall(channel);
            api.publishMany(channel, "ticker.update", EVENTS, BATCH);

            long lastOffset = 0;
            long events = 0;
            while (lastOffset < EVENTS) {
                RawClient.Frame frame = slow.read();
                assertTrue(
                        frame != null && frame.opcode() != RawClient.Frame.CLOSE,
                        "still open, at offset " + lastOffset);
                if (frame.opcode() == RawClient.Frame.TEXT) {
                    JsonObject event = Api.json(frame.text());
                    long offset = event.getJsonNumber("offset").longValue();
                    assertTrue(offset > lastOffset, "offsets only grow: " + offset + " after " + lastOffset);
                    lastOffset = offset;
                    events++;
                }
            }
            assertEquals(EVENTS, lastOffset, "the latest state arrived");
            assertTrue(events < EVENTS, "intermediate events were conflated, got " + events);
            assertTrue(api.stats().getJsonNumber("conflatedEvents").longValue() > conflatedBefore);
        }
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }
}
