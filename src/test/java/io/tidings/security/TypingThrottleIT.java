package io.tidings.security;

import static io.tidings.security.Frames.answerTo;
import static io.tidings.security.Frames.assertAck;
import static io.tidings.security.Frames.isEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code typing} is relayed at most once a second per user and conversation as {@code true}, whatever {@code false}
 * frames come between, and a {@code false} only right after a relayed {@code true}; every typing frame is still
 * answered {@code ack}.
 */
class TypingThrottleIT extends TidingsIT {

    /** One typing frame this often, alternating true and false, for 2.3 s (the pacing is the test's input). */
    private static final long EVERY_MILLIS = 50;

    private static final int FRAMES = 46; // at 0, 50, ..., 2250 ms

    @Test
    void typingThatFlipsEveryFiftyMillisReachesTheOthersAtMostOnceASecond() throws Exception {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String conversation = "c" + tag;
        String channel = "conversation:" + conversation;
        String typist = "typist-" + tag;
        api.setMembers(conversation, typist, "reader-" + tag);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (TestClient sender = TestClient.connect(messaging(typist));
                TestClient reader = TestClient.connect(messaging("reader-" + tag))) {
            sender.subscribe(channel);
            reader.subscribe(channel);

            CountDownLatch allSent = new CountDownLatch(1);
            AtomicInteger next = new AtomicInteger();
            AtomicReference<RuntimeException> failed = new AtomicReference<>();
            pacer.scheduleAtFixedRate(
                    () -> {
                        int k = next.getAndIncrement();
                        if (k >= FRAMES) {
                            allSent.countDown();
                            return;
                        }
                        try {
                            sender.send("{\"type\":\"typing\",\"id\":\"t" + k + "\",\"conversationId\":\""
                                    + conversation + "\",\"typing\":" + (k % 2 == 0) + "}");
                        } catch (RuntimeException e) {
                            failed.set(e);
                            next.set(FRAMES);
                        }
                    },
                    0,
                    EVERY_MILLIS,
                    TimeUnit.MILLISECONDS);
            assertTrue(allSent.await(10, TimeUnit.SECONDS), "the typing frames were sent");
            pacer.shutdownNow();
            if (failed.get() != null) {
                throw new AssertionError("sending a typing frame failed", failed.get());
            }
            for (int k = 0; k < FRAMES; k++) {
                assertAck(answerTo(sender, "t" + k), "typing frame " + k);
            }

            String marker = "m-" + tag; // sent after the last ack: once the reader has it, it has every relayed typing
            sender.send("{\"type\":\"read\",\"id\":\"r-last\",\"conversationId\":\"" + conversation
                    + "\",\"messageId\":\"" + marker + "\"}");
            assertAck(answerTo(sender, "r-last"), "the read receipt");
            reader.await(f -> isEvent(f, channel, "read_receipt")
                    && marker.equals(f.getJsonObject("data").getString("messageId", null)));

            List<JsonObject> relayed = reader.seen().stream()
                    .filter(f -> isEvent(f, channel, "typing"))
                    .toList();
            List<Boolean> states = relayed.stream()
                    .map(f -> f.getJsonObject("data").getBoolean("typing"))
                    .toList();
            long trues = states.stream().filter(Boolean::booleanValue).count();
            assertTrue(trues >= 1, () -> "typing reaches the other member at all: " + states);
            assertTrue(trues <= 3, () -> trues + " typing:true relayed in 2.3 s, at most 3: " + states);
            for (int i = 0; i < states.size(); i++) {
                int at = i;
                assertTrue(
                        states.get(i) || (i > 0 && states.get(i - 1)),
                        () -> "a relayed false (at " + at + ") comes only right after a relayed true: " + states);
            }
            for (JsonObject event : relayed) {
                assertEquals(typist, event.getJsonObject("data").getString("userId"), event::toString);
                assertEquals(conversation, event.getJsonObject("data").getString("conversationId"), event::toString);
            }
        } finally {
            pacer.shutdownNow();
        }
    }

    private URI messaging(String user) {
        return URI.create(api.ws("messaging") + "?token=" + Tokens.hs256(user));
    }
}
