package io.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.RawClient;
import io.tidings.support.TidingsIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A backlog of events leaves a connection together: as the lines of one message for a client that asked for {@code
 * tidings.v1.batch}, as one message each for any other; in order, intact.
 */
class BatchingIT extends TidingsIT {

    /**
     * Enough 8 KB events to fill what the socket and the container buffer (about 500 on WildFly, 1,000 on Payara Micro
     * here) and leave hundreds queued behind them, within the tests' outbound queue of 4,096.
     */
    private static final int EVENTS = 2_500;

    private static final String PADDING = "é".repeat(4_000);

    @Test
    void aBacklogComesAsLinesToAClientThatAskedAndAsSingleFramesToOneThatDidNot() throws Exception {
        String channel =
                "trades:B" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        try (RawClient batching = RawClient.connectAsking(api.ws("ws"), 4096, "tidings.v1.batch, tidings.v1");
                RawClient plain = RawClient.connectAsking(api.ws("ws"), 4096, "tidings.v1")) {
            assertEquals("tidings.v1.batch", batching.responseHeader("Sec-WebSocket-Protocol"));
            assertEquals("tidings.v1", plain.responseHeader("Sec-WebSocket-Protocol"));
            batching.subscribeThenStall(channel);
            plain.subscribeThenStall(channel);

            for (int n = 1; n <= EVENTS; n++) { // neither client reads meanwhile
                api.publish(
                        channel,
                        "trade",
                        Json.createObjectBuilder()
                                .add("n", n)
                                .add("pad", PADDING)
                                .build());
            }

            int batchedMessages = readAll(batching, channel);
            assertTrue(batchedMessages > 0, "some message held several events");
            assertEquals(0, readAll(plain, channel), "no message held more than one frame");
        }
    }

    /** Reads every event in order, each line a whole frame; returns how many messages held more than one. */
    private static int readAll(RawClient client, String channel) throws Exception {
        int next = 1;
        int several = 0;
        while (next <= EVENTS) {
            RawClient.Frame frame = client.read();
            assertNotNull(frame, "the connection ended at event " + next);
            assertFalse(frame.opcode() == RawClient.Frame.CLOSE, "closed at event " + next);
            if (frame.opcode() != RawClient.Frame.TEXT) {
                continue;
            }
            String[] lines = frame.text().split("\n", -1);
            if (lines.length > 1) {
                several++;
            }
            for (String line : lines) {
                JsonObject event = Api.json(line);
                assertEquals("event", event.getString("type"), line);
                assertEquals(channel, event.getString("channel"));
                JsonObject data = event.getJsonObject("data");
                assertEquals(next, data.getInt("n"), "events in order");
                assertEquals(PADDING, data.getString("pad"), "the event intact");
                assertEquals(next, event.getJsonNumber("offset").longValue());
                next++;
            }
        }
        return several;
    }
}
