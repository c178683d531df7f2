package io.tidings.security;

import static io.tidings.security.Frames.answerTo;
import static io.tidings.security.Frames.assertAck;
import static io.tidings.security.Frames.assertRefused;
import static io.tidings.security.Frames.isEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.MessageWebhook;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member's subscribes racing its removal from the conversation ({@code PUT /api/conversations/{id}/members}):
 * each ends {@code forbidden}, or {@code subscribed} followed by an {@code unsubscribed} without id; none outlives
 * the removal. The test servers allow 8 connections per user, a grace of 2 s for presence and 200 frames per second
 * per connection (arquillian.xml); messages go through the backend's webhook, which runs in the test.
 */
class MembershipRaceIT extends TidingsIT {

    /** The member's connections: the test servers' limit per user. */
    private static final int DEVICES = 8;

    private static final int ROUNDS = 250;

    /**
     * Rounds start at most this often (pacing, not synchronisation): each round is one subscribe per connection, so
     * at most about 83 frames per second, under the servers' 200.
     */
    private static final long ROUND_MILLIS = 12;

    private static MessageWebhook webhook;

    @BeforeAll
    static void startWebhook() throws Exception {
        webhook = new MessageWebhook();
    }

    @AfterAll
    static void stopWebhook() {
        webhook.close();
    }

    @Test
    void aSubscribeRacingTheRemovalOfItsMemberNeverOutlivesIt() throws Exception {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String conversation = "c" + tag;
        String channel = "conversation:" + conversation;
        String member = "member-" + tag;
        String other = "other-" + tag;
        ServerView server = new ServerView(api);
        JsonObject before = server.stats();
        Outcomes outcomes = new Outcomes();
        ExecutorService remover = Executors.newSingleThreadExecutor();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        Semaphore roundStarts = new Semaphore(0);
        pacer.scheduleAtFixedRate(
                () -> {
                    if (roundStarts.availablePermits() == 0) { // a late round does not earn a burst
                        roundStarts.release();
                    }
                },
                0,
                ROUND_MILLIS,
                TimeUnit.MILLISECONDS);
        try (Clients clients = new Clients()) {
            api.setMembers(conversation, member, other);
            List<TestClient> devices = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                devices.add(clients.add(TestClient.connect(messaging(member))));
            }
            TestClient stays = clients.add(TestClient.connect(messaging(other)));
            stays.subscribe(channel);

            int rounds = 0;
            while (rounds < ROUNDS && outcomes.clean()) { // a survivor costs a timeout: one round of them tells
                assertTrue(roundStarts.tryAcquire(10, TimeUnit.SECONDS), "the pacer ticks");
                api.setMembers(conversation, member, other);
                CountDownLatch removerReady = new CountDownLatch(1);
                CountDownLatch go = new CountDownLatch(1);
                Future<?> removal = remover.submit(() -> {
                    removerReady.countDown();
                    go.await();
                    api.setMembers(conversation, other);
                    return null;
                });
                assertTrue(removerReady.await(10, TimeUnit.SECONDS), "the remover is waiting");
                go.countDown(); // the PUT and the subscribes leave at the same moment
                int[] marks = new int[DEVICES];
                for (int i = 0; i < DEVICES; i++) {
                    marks[i] = devices.get(i).seen().size();
                    devices.get(i).send(subscribe(raceId(rounds, i), channel));
                }
                removal.get(10, TimeUnit.SECONDS);
                for (int i = 0; i < DEVICES; i++) {
                    settle(devices.get(i), raceId(rounds, i), channel, marks[i], outcomes);
                }
                rounds++;
            }
            assertTrue(outcomes.clean(), () -> "a subscribe outlived the removal: " + outcomes);
            assertEquals(ROUNDS * DEVICES, outcomes.races(), outcomes::toString);

            String content = "after the removal " + tag;
            stays.send("{\"type\":\"message:send\",\"id\":\"last\",\"conversationId\":\"" + conversation
                    + "\",\"content\":\"" + content + "\",\"messageType\":\"text\"}");
            JsonObject delivered = stays.await(f -> isEvent(f, channel, "message"));
            assertEquals(content, delivered.getJsonObject("data").getString("content"));
            assertAck(answerTo(stays, "last"), "the remaining member's message (" + outcomes + ")");
            for (int i = 0; i < DEVICES; i++) {
                TestClient device = devices.get(i);
                String ping = "after-" + i;
                device.sendFields("type", "ping", "id", ping);
                assertEquals("pong", answerTo(device, ping).getString("type"));
                assertTrue(
                        device.seen().stream().noneMatch(f -> "event".equals(f.getString("type", null))),
                        () -> "the removed member's connection got no event of the conversation (" + outcomes + "): "
                                + device.seen().stream()
                                        .filter(f -> "event".equals(f.getString("type", null)))
                                        .toList());
                String leave = "leave-" + i;
                device.send("{\"type\":\"unsubscribe\",\"id\":\"" + leave + "\",\"channel\":\"" + channel + "\"}");
                assertRefused(
                        answerTo(device, leave),
                        leave,
                        "not_subscribed",
                        "unsubscribing the removed member's connection " + i + " (" + outcomes + ")");
            }
        } finally {
            pacer.shutdownNow();
            remover.shutdownNow();
        }
        awaitNotListed(server, channel, member, outcomes);
        server.awaitBackTo(before, "connections", "channels");
    }

    /**
     * Waits until this connection's racing subscribe has settled and counts how: an error with its id, or {@code
     * subscribed} with its id and then the removal's {@code unsubscribed}, which may come after the PUT returned.
     *
     * @param mark how many frames the client had seen when it sent the subscribe
     */
    private static void settle(TestClient device, String id, String channel, int mark, Outcomes outcomes) {
        JsonObject answer = device.await(f -> id.equals(f.getString("id", null)));
        String type = answer.getString("type", null);
        if ("error".equals(type) && "forbidden".equals(answer.getString("code", null))) {
            outcomes.forbidden++;
            return;
        }
        if (!"subscribed".equals(type) || !channel.equals(answer.getString("channel", null))) {
            outcomes.unexpected(id + " answered " + answer);
            return;
        }
        List<JsonObject> passedOver = device.seen().subList(mark, device.seen().size() - 1);
        if (passedOver.stream().anyMatch(f -> isRemoval(f, channel))) {
            outcomes.survivor(id + ": the unsubscribed came before the subscribed, which the client then believes");
            return;
        }
        if (outcomes.survivors == 0 ? awaitsRemoval(device, channel) : removedBeforePong(device, id, channel)) {
            outcomes.subscribedThenRemoved++;
        } else {
            outcomes.survivor(id + ": subscribed, and no unsubscribed after it within " + TestClient.TIMEOUT);
        }
    }

    /** Whether the removal's {@code unsubscribed} comes within the timeout. */
    private static boolean awaitsRemoval(TestClient device, String channel) {
        try {
            device.await(f -> isRemoval(f, channel));
            return true;
        } catch (AssertionError notWithinTheTimeout) {
            return false;
        }
    }

    /**
     * Whether the removal's {@code unsubscribed} comes before the answer to a ping sent now: once this round has
     * waited a whole timeout for another connection, what has not been sent by now never will be, and the ping
     * spares the round a timeout per survivor.
     */
    private static boolean removedBeforePong(TestClient device, String id, String channel) {
        String probe = "probe-" + id;
        device.sendFields("type", "ping", "id", probe);
        return isRemoval(device.await(f -> isRemoval(f, channel) || probe.equals(f.getString("id", null))), channel);
    }

    private static boolean isRemoval(JsonObject frame, String channel) {
        return "unsubscribed".equals(frame.getString("type", null))
                && channel.equals(frame.getString("channel", null))
                && !frame.containsKey("id");
    }

    /** Polls, bounded, until the conversation's presence no longer lists the member (after its grace period). */
    private static void awaitNotListed(ServerView server, String channel, String user, Outcomes outcomes) {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        boolean listed = server.presenceLists(channel, user);
        while (listed && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            listed = server.presenceLists(channel, user);
        }
        assertFalse(
                listed,
                () -> "the presence of " + channel + " still lists " + user + " after " + TestClient.TIMEOUT + " ("
                        + outcomes + ")");
    }

    private static String raceId(int round, int device) {
        return "r" + round + "-" + device;
    }

    private static String subscribe(String id, String channel) {
        return "{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"channel\":\"" + channel + "\"}";
    }

    private URI messaging(String user) {
        return URI.create(api.ws("messaging") + "?token=" + Tokens.hs256(user));
    }

    /** How the races ended, with the first few failures told in full. */
    private static final class Outcomes {
        int forbidden;
        int subscribedThenRemoved;
        int survivors;
        int unexpected;
        final List<String> failures = new ArrayList<>();

        int races() {
            return forbidden + subscribedThenRemoved + survivors + unexpected;
        }

        boolean clean() {
            return survivors == 0 && unexpected == 0;
        }

        void survivor(String detail) {
            survivors++;
            tell(detail);
        }

        void unexpected(String detail) {
            unexpected++;
            tell(detail);
        }

        private void tell(String detail) {
            if (failures.size() < 5) {
                failures.add(detail);
            }
        }

        @Override
        public String toString() {
            return races() + " races: " + subscribedThenRemoved + " subscribed then unsubscribed, " + forbidden
                    + " forbidden, " + survivors + " survivors (subscribed after the removal), " + unexpected
                    + " other answers" + (failures.isEmpty() ? "" : "; first: " + failures);
        }
    }
}
