package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.auth.UserToken;
import io.tidings.lifecycle.ConnectionAuthenticated;
import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.lifecycle.ConnectionOpened;
import io.tidings.lifecycle.FirstConnectionOpened;
import io.tidings.lifecycle.LastConnectionClosed;
import io.tidings.lifecycle.Subscribed;
import io.tidings.lifecycle.Unsubscribed;
import io.tidings.support.RecordingEvents;
import io.tidings.support.Tokens;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Each change of the registry's state is fired as its lifecycle event exactly once. */
class SessionRegistryEventsTest {

    private final RecordingEvents events = new RecordingEvents();
    private final List<String> interest = new ArrayList<>();
    private final SessionRegistry registry = new SessionRegistry(
            new Limits(16, 100, 100),
            new SubscriptionBudget(1L << 40),
            new ChannelInterest() {
                @Override
                public CompletionStage<Void> first(String channel) {
                    interest.add("first " + channel);
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public void last(String channel) {
                    interest.add("last " + channel);
                }
            },
            DeliveryMeter.NONE,
            events,
            Runnable::run);

    @Test
    void opensAndClosesOnceEach() {
        Connection connection = registry.open(session(), "/ws", "127.0.0.1", null);
        registry.close(connection, 4009);
        registry.close(connection, 1000);
        assertEquals(List.of(new ConnectionOpened(connection.id(), "/ws", null)), events.of(ConnectionOpened.class));
        assertEquals(
                List.of(new ConnectionClosed(connection.id(), "/ws", null, 4009)), events.of(ConnectionClosed.class));
    }

    @Test
    void aUsersFirstConnectionAndLastAreFiredOnce() {
        UserToken alice = user("alice");
        Connection first = registry.open(session(), "/ws", "127.0.0.1", alice);
        Connection second = registry.open(session(), "/messaging", "127.0.0.1", null);
        registry.authenticate(second, alice);
        registry.authenticate(second, alice); // a refresh is no change
        assertEquals(List.of(new FirstConnectionOpened("alice")), events.of(FirstConnectionOpened.class));
        assertEquals(
                List.of(
                        new ConnectionAuthenticated(first.id(), "/ws", "alice"),
                        new ConnectionAuthenticated(second.id(), "/messaging", "alice")),
                events.of(ConnectionAuthenticated.class),
                "each connection once, at its handshake or its first authenticate");
        registry.close(first, 1000);
        assertTrue(events.of(LastConnectionClosed.class).isEmpty(), "one is still open");
        registry.close(second, 1000);
        registry.close(second, 1000);
        assertEquals(List.of(new LastConnectionClosed("alice")), events.of(LastConnectionClosed.class));
    }

    @Test
    void subscribingAndUnsubscribingAreFiredOnceEvenWhenASubscriptionIsReplaced() {
        Connection connection = registry.open(session(), "/ws", "127.0.0.1", null);
        registry.subscribe(connection, "status", false);
        registry.subscribe(connection, "status", false); // replaces: still subscribed
        assertEquals(List.of(new Subscribed(connection.id(), "/ws", null, "status")), events.of(Subscribed.class));
        registry.unsubscribe(connection, "status");
        registry.unsubscribe(connection, "status");
        assertEquals(List.of(new Unsubscribed(connection.id(), "/ws", null, "status")), events.of(Unsubscribed.class));
        assertEquals(List.of("first status", "last status"), interest, "the bus hears of the channel once");
    }

    @Test
    void anUnsubscribeNamesTheUserTheSubscriptionWasMadeWith() {
        Connection connection = registry.open(session(), "/ws", "127.0.0.1", null);
        registry.subscribe(connection, "status", false);
        registry.authenticate(connection, user("alice"));
        registry.unsubscribe(connection, "status");
        assertEquals(
                List.of(new Unsubscribed(connection.id(), "/ws", null, "status")),
                events.of(Unsubscribed.class),
                "subscribed anonymously: presence never counted it for alice");
    }

    @Test
    void closingEndsEverySubscriptionBeforeTheConnection() {
        Connection connection = registry.open(session(), "/ws", "127.0.0.1", null);
        registry.subscribe(connection, "status", false);
        registry.subscribe(connection, "ticker:X", true);
        registry.close(connection, 1000);
        assertEquals(2, events.of(Unsubscribed.class).size());
        List<Object> all = events.all();
        assertTrue(all.get(all.size() - 1) instanceof ConnectionClosed, "closed last: " + all);
        assertTrue(registry.subscribers("status").isEmpty());
        assertEquals(List.of("first status", "first ticker:X", "last status", "last ticker:X"), sorted(interest));
    }

    @Test
    void twoSubscribersOfAChannelTellTheBusOnce() {
        Connection a = registry.open(session(), "/ws", "127.0.0.1", null);
        Connection b = registry.open(session(), "/ws", "127.0.0.1", null);
        registry.subscribe(a, "status", false);
        registry.subscribe(b, "status", false);
        registry.unsubscribe(a, "status");
        assertEquals(List.of("first status"), interest);
        registry.unsubscribe(b, "status");
        assertEquals(List.of("first status", "last status"), interest);
        assertEquals(2, events.of(Subscribed.class).size());
    }

    @Test
    void anObserverThatThrowsCannotKeepAClosedConnectionInTheRegistry() {
        SessionRegistry throwing = new SessionRegistry(
                new Limits(16, 100, 100),
                new SubscriptionBudget(1L << 40),
                new AlwaysLive(),
                DeliveryMeter.NONE,
                new RecordingEvents() {
                    @Override
                    public void fire(Object event) {
                        throw new IllegalArgumentException("an observer's bug");
                    }
                },
                Runnable::run);
        for (int round = 0; round < 30; round++) {
            Connection connection = throwing.open(session(), "/video-calls", "127.0.0.1", user("victim"));
            throwing.subscribe(connection, "user:victim:calls", false);
            throwing.subscribe(connection, "status", false);
            throwing.close(connection, 1000);
        }
        assertEquals(0, throwing.connectionCount());
        assertEquals(0, throwing.channelCount());
        assertEquals(0, throwing.userCount());
        assertTrue(throwing.connectionsOf("victim").isEmpty());
        assertTrue(throwing.subscribers("status").isEmpty());
    }

    @Test
    void aSubscribeRacingAnUnsubscribeLeavesTheChannelAndTheConnectionAgreeing() throws Exception {
        Connection connection = registry.open(session(), "/messaging", "127.0.0.1", user("m"));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2000; round++) {
                CountDownLatch go = new CountDownLatch(1);
                Future<?> subscribe = threads.submit(() -> {
                    go.await();
                    return registry.subscribe(connection, "conversation:c", false);
                });
                Future<?> unsubscribe = threads.submit(() -> {
                    go.await();
                    return registry.unsubscribe(connection, "conversation:c");
                });
                go.countDown();
                subscribe.get();
                unsubscribe.get();
                assertEquals(
                        connection.subscriptionCount(),
                        registry.subscribers("conversation:c").size(),
                        "round " + round + ": the connection and the channel disagree");
            }
            registry.close(connection, 1000);
            assertEquals(0, registry.channelCount(), "no subscription outlives its connection");
            assertEquals(
                    events.of(Subscribed.class).size(),
                    events.of(Unsubscribed.class).size(),
                    "every subscribed is matched by an unsubscribed");
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }

    private static UserToken user(String name) {
        return Tokens.verified(name);
    }

    private static Session session() {
        return new OutboxTest.ManualRemote().session();
    }
}
