package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** History and recovery: a client that reconnects with {@code since} misses nothing and sees nothing twice. */
class RecoveryIT extends TidingsIT {

    @Test
    void replaysMissedEventsInOrder() {
        String channel = uniqueChannel();
        String epoch;
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            epoch = client.subscribe(channel).getString("epoch");
            api.publishMany(channel, "trade", 3, 3);
            assertEquals(3, client.awaitEvents(channel, 3)[2]);
        }
        api.publishMany(channel, "trade", 5, 5); // offsets 4 to 8, while nobody listens

        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            JsonObject subscribed = subscribeSince(client, channel, 3, epoch);
            assertTrue(subscribed.getBoolean("recovered"));
            assertEquals(8, subscribed.getJsonNumber("offset").longValue());
            assertEquals(epoch, subscribed.getString("epoch"));
            List<Long> replayed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonObject event = client.awaitEvent(channel);
                replayed.add(event.getJsonNumber("offset").longValue());
                assertEquals(
                        event.getJsonNumber("offset").longValue() - 3,
                        event.getJsonObject("data").getInt("n"),
                        "the replayed event is the one published");
            }
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L), replayed);
            api.publish(channel, "trade", Json.createObjectBuilder().add("n", 6).build());
            assertEquals(9, client.awaitEvent(channel).getJsonNumber("offset").longValue(), "then live ones");
        }
    }

    @Test
    void recoversWithoutGapOrDuplicateWhilePublicationsContinue() throws Exception {
        String channel = uniqueChannel();
        int total = 1000;
        List<Long> offsets = new ArrayList<>();
        try (TestClient first = TestClient.connect(api.ws("ws"))) {
            String epoch = first.subscribe(channel).getString("epoch");
            CompletableFuture<Void> publishing =
                    CompletableFuture.runAsync(() -> api.publishMany(channel, "trade", total, 5));
            for (long offset : first.awaitEvents(channel, 200)) {
                offsets.add(offset);
            }
            first.close(); // the phone changes network mid-stream

            try (TestClient second = TestClient.connect(api.ws("ws"))) {
                long last = offsets.get(offsets.size() - 1);
                JsonObject subscribed = subscribeSince(second, channel, last, epoch);
                assertTrue(subscribed.getBoolean("recovered"), subscribed::toString);
                publishing.get(60, TimeUnit.SECONDS);
                for (long offset : second.awaitEvents(channel, (int) (total - last))) {
                    offsets.add(offset);
                }
            }
        }
        assertEquals(total, offsets.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, offsets.get(i), "offset at position " + i);
        }
    }

    @Test
    void aStaleEpochIsNotRecovered() {
        String channel = uniqueChannel();
        api.publishMany(channel, "trade", 3, 3);
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            JsonObject subscribed = subscribeSince(client, channel, 1, "not-the-epoch");
            assertFalse(subscribed.getBoolean("recovered"));
            assertEquals(3, subscribed.getJsonNumber("offset").longValue());
            api.publish(channel, "trade", Json.createObjectBuilder().add("n", 4).build());
            assertEquals(4, client.awaitEvent(channel).getJsonNumber("offset").longValue(), "no replay, only live");
        }
    }

    @Test
    void anOffsetOlderThanTheHistoryIsNotRecovered() {
        String channel = uniqueChannel();
        String epoch;
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            epoch = client.subscribe(channel).getString("epoch");
        }
        int beyondHistory = 2_100; // the test servers keep 2000 events per channel
        api.publishMany(channel, "trade", beyondHistory, 1000);
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            JsonObject subscribed = subscribeSince(client, channel, 1, epoch);
            assertFalse(subscribed.getBoolean("recovered"));
            assertEquals(beyondHistory, subscribed.getJsonNumber("offset").longValue());
        }
    }

    private static JsonObject subscribeSince(TestClient client, String channel, long offset, String epoch) {
        client.send(Json.createObjectBuilder()
                .add("type", "subscribe")
                .add("id", "since")
                .add("channel", channel)
                .add("since", Json.createObjectBuilder().add("offset", offset).add("epoch", epoch))
                .build()
                .toString());
        JsonObject answer = client.await(f -> "since".equals(f.getString("id", null)));
        assertEquals("subscribed", answer.getString("type"), answer::toString);
        return answer;
    }

    private static String uniqueChannel() {
        return "trades:R"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }
}
