package io.tidings.security;

import static io.tidings.security.Frames.answerTo;
import static io.tidings.security.Frames.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions, and the channels they create, have a budget from the heap: past it {@code subscribe} answers
 * {@code too_many_subscriptions} with its id and the server stays healthy. The test servers run with -Xmx768m and a
 * budget of roughly 5,000 to 15,000 subscriptions to unique 200-character channels (arquillian.xml), and 200 frames
 * per second per connection.
 */
class MemoryBudgetIT extends TidingsIT {

    /** Per connection: the per-connection limit, which stays 200. */
    private static final int PER_CONNECTION = 200;

    /** 24,000 subscriptions at most: well past the test servers' budget, within their 300 connections. */
    private static final int MAX_CONNECTIONS = 120;

    /** Connections subscribing at the same time. */
    private static final int GROUP = 20;

    /** One subscribe per connection this often (pacing, not synchronisation): 100 frames/s, under the 200 allowed. */
    private static final long FRAME_MILLIS = 10;

    /** The longest channel name the protocol allows. */
    private static final int NAME_LENGTH = 200;

    private static final Duration READY_WITHIN = Duration.ofSeconds(2);

    @Test
    void pastTheBudgetSubscribesAreRefusedWithTheirIdAndTheServerStaysHealthy() throws Exception {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ServerView server = new ServerView(api);
        JsonObject before = server.stats();
        double countedBefore = server.errorsSent("too_many_subscriptions");
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            Answers answers = new Answers();
            try (Clients clients = new Clients()) {
                while (answers.refused.isEmpty() && clients.size() < MAX_CONNECTIONS) {
                    List<TestClient> group = new ArrayList<>();
                    List<String> owners = new ArrayList<>();
                    for (int i = 0; i < GROUP; i++) {
                        group.add(clients.add(TestClient.connect(api.ws("ws"))));
                        owners.add("c" + (clients.size() - 1));
                    }
                    subscribePaced(pacer, group, owners, tag);
                    for (TestClient client : group) {
                        answers.collect(client);
                    }
                }
                int connections = clients.size();
                String summary = answers.subscribed + " subscribed and " + answers.refused.size() + " refused on "
                        + connections + " connections";
                assertFalse(
                        answers.refused.isEmpty(),
                        () -> "no subscribe refused: " + summary + "; the budget was never reached");

                long start = System.nanoTime();
                HttpResponse<String> ready = api.get("health/ready");
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(200, ready.statusCode(), () -> "ready with the budget full (" + summary + ")");
                assertTrue(
                        took.compareTo(READY_WITHIN) < 0,
                        () -> "/health/ready took " + took.toMillis() + " ms with the budget full (" + summary + ")");

                int n = 0;
                for (TestClient client : clients) {
                    int which = n++;
                    assertTrue(client.isOpen(), () -> "connection " + which + " is still open (" + summary + ")");
                    client.sendFields("type", "ping", "id", "alive");
                    assertEquals(
                            "pong",
                            answerTo(client, "alive").getString("type"),
                            () -> "connection " + which + " answers ping (" + summary + ")");
                }

                String user = "budget-" + tag;
                URI notifications = URI.create(api.ws("notifications") + "?token=" + Tokens.hs256(user));
                try (TestClient notified = TestClient.connect(notifications)) {
                    JsonObject own = notified.await(f -> "subscribed".equals(f.getString("type", null))
                            || "error".equals(f.getString("type", null)));
                    assertEquals(
                            "user:" + user + ":notifications",
                            own.getString("channel", null),
                            () -> "a user's own channel is not refused by the budget (" + summary + "): " + own);
                }

                double counted = server.errorsSent("too_many_subscriptions") - countedBefore;
                assertTrue(
                        counted >= answers.refused.size(),
                        () -> "tidings_errors_total{code=\"too_many_subscriptions\"} grew by " + counted + ", "
                                + summary);
            }
            server.awaitBackTo(before, "connections", "channels");

            try (TestClient fresh = TestClient.connect(api.ws("ws"))) {
                Answers again = new Answers();
                subscribePaced(pacer, List.of(fresh), List.of("fresh"), tag);
                again.collect(fresh);
                assertEquals(
                        List.of(),
                        again.refused,
                        "once the subscriptions are gone a new connection subscribes again, up to its own limit");
                String over = channel(tag, "fresh", PER_CONNECTION);
                fresh.send(subscribe("over", over));
                assertRefused(
                        answerTo(fresh, "over"),
                        "over",
                        "too_many_subscriptions",
                        "the " + (PER_CONNECTION + 1) + "th subscribe of one connection");
            }
        } finally {
            pacer.shutdownNow();
        }
    }

    /**
     * Sends each client of the group its {@link #PER_CONNECTION} subscribes, {@code s0} to {@code s199}, one per
     * client every {@link #FRAME_MILLIS}.
     */
    private static void subscribePaced(
            ScheduledExecutorService pacer, List<TestClient> group, List<String> owners, String tag)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        ScheduledFuture<?> ticks = pacer.scheduleAtFixedRate(
                () -> {
                    int n = next.getAndIncrement();
                    if (n >= PER_CONNECTION) {
                        done.countDown();
                        return;
                    }
                    try {
                        for (int i = 0; i < group.size(); i++) {
                            group.get(i).send(subscribe("s" + n, channel(tag, owners.get(i), n)));
                        }
                    } catch (RuntimeException e) {
                        failed.set(e);
                        next.set(PER_CONNECTION);
                        done.countDown();
                    }
                },
                0,
                FRAME_MILLIS,
                TimeUnit.MILLISECONDS);
        try {
            assertTrue(done.await(30, TimeUnit.SECONDS), "subscribes sent");
        } finally {
            ticks.cancel(false);
        }
        if (failed.get() != null) {
            throw new AssertionError("sending a subscribe failed: a connection closed?", failed.get());
        }
    }

    /** A valid {@code trades:{symbol}} name of exactly 200 characters, unique per test, owner and n. */
    private static String channel(String tag, String owner, int n) {
        StringBuilder name = new StringBuilder("trades:")
                .append(tag)
                .append('-')
                .append(owner)
                .append('-');
        name.append(n).append('-');
        while (name.length() < NAME_LENGTH) {
            name.append('x');
        }
        return name.toString();
    }

    private static String subscribe(String id, String channel) {
        return "{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"channel\":\"" + channel + "\"}";
    }

    /** The answers to the subscribes, each of which must be answered once, with its id. */
    private static final class Answers {
        int subscribed;
        final List<JsonObject> refused = new ArrayList<>();

        void collect(TestClient client) {
            Set<String> unanswered = new HashSet<>();
            for (int n = 0; n < PER_CONNECTION; n++) {
                unanswered.add("s" + n);
            }
            for (int i = 0; i < PER_CONNECTION; i++) {
                JsonObject answer = client.await(f ->
                        "subscribed".equals(f.getString("type", null)) || "error".equals(f.getString("type", null)));
                assertTrue(
                        unanswered.remove(answer.getString("id", null)),
                        () -> "an answer with the id of a subscribe not yet answered: " + answer);
                if ("subscribed".equals(answer.getString("type"))) {
                    subscribed++;
                } else if ("too_many_subscriptions".equals(answer.getString("code", null))) {
                    refused.add(answer);
                } else {
                    fail("a subscribe refused otherwise than too_many_subscriptions: " + answer);
                }
            }
        }
    }
}
