package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.auth.Authenticator;
import io.tidings.channel.KnownChannels;
import io.tidings.cluster.Bus;
import io.tidings.cluster.BusUnavailableException;
import io.tidings.cluster.Entry;
import io.tidings.cluster.LocalBus;
import io.tidings.cluster.Message;
import io.tidings.cluster.PublishOptions;
import io.tidings.delivery.BusInterest;
import io.tidings.delivery.ChannelState;
import io.tidings.delivery.Fanout;
import io.tidings.delivery.Publisher;
import io.tidings.messaging.LocalConversationStore;
import io.tidings.messaging.StoredMembership;
import io.tidings.metrics.Metrics;
import io.tidings.protocol.CoreFrame;
import io.tidings.protocol.Dialect;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.EventFormat;
import io.tidings.protocol.EventFrame;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.Position;
import io.tidings.session.Connection;
import io.tidings.session.DeliveryMeter;
import io.tidings.session.Limits;
import io.tidings.session.SessionRegistry;
import io.tidings.session.SubscriptionBudget;
import io.tidings.support.RecordingEvents;
import io.tidings.support.RecordingSocket;
import io.tidings.support.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The core verbs on a real registry, local bus, publisher and authenticator: what each answers, and the errors it
 * refuses with (thrown for the caller to send, or sent once the subscription was registered).
 */
class CoreVerbsTest {

    private static final int SUBSCRIPTIONS_PER_CONNECTION = 3;
    private static final int CONNECTIONS_PER_USER = 2;

    private final RecordingEvents events = new RecordingEvents();
    private final LocalBus bus = new LocalBus(this::handOff, 10, 300);
    private SessionRegistry registry = registry(SubscriptionBudget.ofHeap(25));
    private Fanout fanout = new Fanout(registry, io.tidings.delivery.DeliveryWorkers.inline());
    private final LocalConversationStore conversations = new LocalConversationStore(10, 100);
    private final Authenticator authenticator = new Authenticator(
            Optional.of(Tokens.SECRET),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Tokens.ISSUER),
            Optional.of(Tokens.AUDIENCE),
            30,
            30,
            100,
            60,
            events);
    /** Counted on this node, as the gateway does without Redis. */
    private final UserConnections perUser = new UserConnections() {
        @Override
        public boolean tryAdd(String user, int limit) {
            return registry.connectionsOf(user).size() < limit;
        }

        @Override
        public void removed(String user) {}
    };

    private SessionRegistry registry(SubscriptionBudget budget) {
        return new SessionRegistry(
                new Limits(64, 100, 100), budget, new BusInterest(bus), DeliveryMeter.NONE, events, Runnable::run);
    }

    private void handOff(Entry entry) {
        fanout.handle(entry);
    }

    private CoreVerbs verbs() {
        return verbs(bus, List.of());
    }

    private CoreVerbs verbs(Bus verbsBus, List<ChannelState> states) {
        GatewayLimits limits =
                new GatewayLimits(65_536, SUBSCRIPTIONS_PER_CONNECTION, 100, CONNECTIONS_PER_USER, 10, 10);
        Admission admission = new Admission(registry, new GracefulStop(registry, 0), limits, perUser, 30, 10);
        Metrics metrics = new Metrics();
        Publisher publisher =
                new Publisher(verbsBus, new KnownChannels(Namespace.everyChannel()), Optional.empty(), events, metrics);
        return new CoreVerbs(
                registry,
                verbsBus,
                publisher,
                authenticator,
                admission,
                limits,
                metrics,
                new StoredMembership(conversations),
                instances(states),
                "wallets",
                "positions");
    }

    @SuppressWarnings("unchecked")
    private static Instance<ChannelState> instances(List<ChannelState> states) {
        return (Instance<ChannelState>) Proxy.newProxyInstance(
                CoreVerbsTest.class.getClassLoader(),
                new Class<?>[] {Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "stream" -> states.stream();
                    case "iterator" -> states.iterator();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A connection of a namespace and the client end of its socket. */
    private record Client(Peer peer, RecordingSocket socket) {
        Connection connection() {
            return peer.connection();
        }

        JsonObject last() {
            List<String> sent = socket.sent();
            return Json.createReader(new StringReader(sent.get(sent.size() - 1)))
                    .readObject();
        }
    }

    private Client connect(Namespace namespace, String user, String... groups) {
        RecordingSocket socket = new RecordingSocket();
        Connection connection = registry.open(
                socket.session(), namespace.path(), "127.0.0.1", user == null ? null : Tokens.verified(user, groups));
        return new Client(new Peer(connection, namespace), socket);
    }

    private static CoreFrame.Subscribe subscribe(String id, String channel) {
        return new CoreFrame.Subscribe(id, channel, Optional.empty());
    }

    private void publish(String channel, int count) {
        for (int i = 0; i < count; i++) {
            bus.publish(
                    new Message(channel, "e", "{\"i\":" + i + "}", System.currentTimeMillis()), PublishOptions.NONE);
        }
    }

    private static void assertRefused(ErrorCode code, String id, Executable call) {
        assertRefused(code, id, call, null);
    }

    private static void assertRefused(ErrorCode code, String id, Executable call, String why) {
        FrameException e = assertThrows(FrameException.class, call, why);
        assertEquals(code, e.code(), () -> (why == null ? "" : why + ": ") + e.getMessage());
        assertEquals(id, e.id());
    }

    private static void assertError(ErrorCode code, String id, JsonObject frame) {
        assertEquals("error", frame.getString("type"), frame::toString);
        assertEquals(code.wire(), frame.getString("code"), frame::toString);
        assertEquals(id, frame.getString("id", null), frame::toString);
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsId() {
        Client client = connect(Namespace.WS, null);

        verbs().ping(client.peer(), new CoreFrame.Ping("p1"));

        assertEquals("pong", client.last().getString("type"));
        assertEquals("p1", client.last().getString("id"));
    }

    @Test
    void aSubscribeIsAnsweredWithTheChannelsPositionThenGetsTheLiveEvents() {
        publish("trades:X", 2);
        Client client = connect(Namespace.WS, null);

        verbs().subscribe(client.peer(), subscribe("s1", "trades:X"));
        publish("trades:X", 1);

        JsonObject subscribed = client.socket().frames("subscribed").get(0);
        assertEquals("s1", subscribed.getString("id"));
        assertEquals("trades:X", subscribed.getString("channel"));
        assertEquals(2, subscribed.getInt("offset"));
        assertEquals(bus.position("trades:X").epoch(), subscribed.getString("epoch"));
        assertFalse(subscribed.containsKey("recovered"), "no since, no recovered");
        assertEquals(List.of("subscribed", "event"), client.socket().types());
        assertEquals(3, client.socket().frames("event").get(0).getInt("offset"));
    }

    @Test
    void aSubscribeWithSinceGetsWhatItMissedBeforeTheLiveEvents() {
        publish("trades:X", 3);
        Client client = connect(Namespace.WS, null);
        Position since = new Position(1, bus.position("trades:X").epoch());

        verbs().subscribe(client.peer(), new CoreFrame.Subscribe("s1", "trades:X", Optional.of(since)));
        publish("trades:X", 1);

        JsonObject subscribed = client.socket().frames("subscribed").get(0);
        assertTrue(subscribed.getBoolean("recovered"));
        assertEquals(3, subscribed.getInt("offset"));
        assertEquals(
                List.of(2, 3, 4),
                client.socket().frames("event").stream()
                        .map(e -> e.getInt("offset"))
                        .toList());
    }

    @Test
    void aSinceFromAnotherEpochIsNotRecovered() {
        publish("trades:X", 3);
        Client client = connect(Namespace.WS, null);

        verbs().subscribe(
                        client.peer(),
                        new CoreFrame.Subscribe("s1", "trades:X", Optional.of(new Position(1, "another-epoch"))));

        assertFalse(client.socket().frames("subscribed").get(0).getBoolean("recovered"));
        assertEquals(List.of("subscribed"), client.socket().types());
    }

    @Test
    void aNewSubscriberGetsTheChannelsStateRightAfterSubscribed() {
        List<String> asked = new ArrayList<>();
        ChannelState book = (channel, user) -> {
            asked.add(channel + " " + user);
            return List.of(EventFrame.serialize(channel, "book", "{\"bids\":[]}", 0, 1_000L));
        };
        Client client = connect(Namespace.WS, "ann");

        verbs(bus, List.of(book)).subscribe(client.peer(), subscribe("s1", "orderbook:X"));

        assertEquals(List.of("subscribed", "event"), client.socket().types());
        assertEquals("book", client.socket().frames("event").get(0).getString("event"));
        assertEquals(List.of("orderbook:X ann"), asked);
    }

    @Test
    void anUnsubscribeIsAnsweredAndASecondOneIsNotSubscribed() {
        Client client = connect(Namespace.WS, null);
        CoreVerbs verbs = verbs();
        verbs.subscribe(client.peer(), subscribe("s1", "trades:X"));

        verbs.unsubscribe(client.peer(), new CoreFrame.Unsubscribe("u1", "trades:X"));

        assertEquals("unsubscribed", client.last().getString("type"));
        assertEquals("u1", client.last().getString("id"));
        assertFalse(client.connection().subscribedTo("trades:X"));
        assertRefused(
                ErrorCode.NOT_SUBSCRIBED,
                "u2",
                () -> verbs.unsubscribe(client.peer(), new CoreFrame.Unsubscribe("u2", "trades:X")));
    }

    @Test
    void anUnknownOrMalformedChannelIsAnInvalidChannel() {
        Client client = connect(Namespace.WS, "ann");
        CoreVerbs verbs = verbs();

        assertRefused(ErrorCode.INVALID_CHANNEL, "s1", () -> verbs.subscribe(client.peer(), subscribe("s1", "nope:X")));
        assertRefused(
                ErrorCode.INVALID_CHANNEL, "s2", () -> verbs.subscribe(client.peer(), subscribe("s2", "trades:")));
        assertRefused(
                ErrorCode.INVALID_CHANNEL,
                "s3",
                () -> verbs.subscribe(client.peer(), subscribe("s3", "conversation:c1")),
                "conversations are /messaging's");
        assertEquals(0, client.connection().subscriptionCount());
    }

    @Test
    void aUsersChannelNeedsThatUserOrAnAdmin() {
        CoreVerbs verbs = verbs();
        Client anonymous = connect(Namespace.WS, null);
        Client bob = connect(Namespace.WS, "bob");
        Client ann = connect(Namespace.WS, "ann");
        Client admin = connect(Namespace.WS, "root", "admin");

        assertRefused(
                ErrorCode.UNAUTHORIZED,
                "s1",
                () -> verbs.subscribe(anonymous.peer(), subscribe("s1", "user:ann:orders")));
        assertRefused(ErrorCode.FORBIDDEN, "s2", () -> verbs.subscribe(bob.peer(), subscribe("s2", "user:ann:orders")));
        verbs.subscribe(ann.peer(), subscribe("s3", "user:ann:orders"));
        verbs.subscribe(admin.peer(), subscribe("s4", "user:ann:orders"));

        assertEquals(2, registry.subscribers("user:ann:orders").size());
        assertEquals(List.of(), bob.socket().sent());
    }

    @Test
    void aConversationAndItsPresenceAreForItsMembersOnly() {
        conversations.setMembers("c1", Set.of("ann"));
        CoreVerbs verbs = verbs();
        Client ann = connect(Namespace.MESSAGING, "ann");
        Client bob = connect(Namespace.MESSAGING, "bob");

        verbs.subscribe(ann.peer(), subscribe("s1", "conversation:c1"));
        verbs.subscribe(ann.peer(), subscribe("s2", "presence:conversation:c1"));
        assertRefused(ErrorCode.FORBIDDEN, "s3", () -> verbs.subscribe(bob.peer(), subscribe("s3", "conversation:c1")));
        assertRefused(
                ErrorCode.FORBIDDEN,
                "s4",
                () -> verbs.subscribe(bob.peer(), subscribe("s4", "presence:conversation:c1")));

        assertEquals(List.of("subscribed", "subscribed"), ann.socket().types());
        assertEquals(0, bob.connection().subscriptionCount());
    }

    @Test
    void aConnectionHoldsAtMostTheLimitOfSubscriptions() {
        Client client = connect(Namespace.WS, null);
        CoreVerbs verbs = verbs();
        for (int i = 0; i < SUBSCRIPTIONS_PER_CONNECTION; i++) {
            verbs.subscribe(client.peer(), subscribe("s" + i, "trades:X" + i));
        }

        assertRefused(
                ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                "more",
                () -> verbs.subscribe(client.peer(), subscribe("more", "status")));
        assertEquals(SUBSCRIPTIONS_PER_CONNECTION, client.connection().subscriptionCount());

        verbs.subscribe(client.peer(), subscribe("again", "trades:X0")); // to recover, say: takes no new place
        assertEquals(SUBSCRIPTIONS_PER_CONNECTION, client.connection().subscriptionCount());
        assertTrue(
                client.socket().sent().stream().noneMatch(f -> f.contains("\"again\"") && f.contains("\"error\"")),
                "a subscribe again at the limit is no error");
    }

    @Test
    void aFullNodeRefusesSubscriptionsButStillSubscribesAUserToItsOwnChannel() {
        registry = registry(SubscriptionBudget.ofHeap(0));
        fanout = new Fanout(registry, io.tidings.delivery.DeliveryWorkers.inline());
        CoreVerbs verbs = verbs();
        Client anyone = connect(Namespace.WS, null);
        Client ann = connect(Namespace.NOTIFICATIONS, null);

        assertRefused(
                ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                "s1",
                () -> verbs.subscribe(anyone.peer(), subscribe("s1", "status")));
        verbs.authenticate(ann.peer(), new CoreFrame.Authenticate("a1", Tokens.hs256("ann")));

        assertTrue(ann.connection().subscribedTo("user:ann:notifications"));
    }

    @Test
    void aSubscribeToManyChannelsAnswersEachAndRefusesOnlyTheBadOnes() {
        Client client = connect(Namespace.WS, null);

        verbs().subscribeMany(
                        client.peer(),
                        new CoreFrame.SubscribeMany("m1", List.of("trades:X", "nope:1", "trades:Y", "trades:X")));

        List<JsonObject> subscribed = client.socket().frames("subscribed");
        assertEquals(
                List.of("trades:X", "trades:Y"),
                subscribed.stream().map(f -> f.getString("channel")).toList(),
                "each once, in order");
        assertTrue(subscribed.stream().allMatch(f -> "m1".equals(f.getString("id"))));
        List<JsonObject> errors = client.socket().frames("error");
        assertEquals(1, errors.size());
        assertError(ErrorCode.INVALID_CHANNEL, "m1", errors.get(0));
        assertTrue(errors.get(0).getString("message").startsWith("nope:1"), errors.get(0)::toString);
    }

    @Test
    void anUnsubscribeFromManyChannelsAnswersEachAndRefusesOnlyThoseNotSubscribed() {
        Client client = connect(Namespace.WS, null);
        verbs().subscribeMany(client.peer(), new CoreFrame.SubscribeMany("m1", List.of("trades:X", "trades:Y")));

        verbs().unsubscribeMany(
                        client.peer(),
                        new CoreFrame.UnsubscribeMany("u1", List.of("trades:X", "trades:Z", "trades:Y")));

        assertEquals(
                List.of("trades:X", "trades:Y"),
                client.socket().frames("unsubscribed").stream()
                        .map(f -> f.getString("channel"))
                        .toList());
        assertFalse(client.connection().subscribedTo("trades:X"));
        assertFalse(client.connection().subscribedTo("trades:Y"));
        List<JsonObject> errors = client.socket().frames("error");
        assertEquals(1, errors.size());
        assertError(ErrorCode.NOT_SUBSCRIBED, "u1", errors.get(0));
        assertTrue(errors.get(0).getString("message").startsWith("trades:Z"), errors.get(0)::toString);
    }

    @Test
    void aUserOfADialectWithChannelsOfItsOwnIsSubscribedToThemWhenItAuthenticates() {
        Dialect owning = new Dialect() {
            @Override
            public String name() {
                return "owning";
            }

            @Override
            public EventFormat events() {
                return EventFormat.NATIVE;
            }

            @Override
            public void render(String frame, java.util.function.Consumer<String> out) {
                out.accept(frame);
            }

            @Override
            public String ping() {
                return null;
            }

            @Override
            public String farewell(io.tidings.protocol.CloseCode code) {
                return null;
            }

            @Override
            public List<String> ownChannels(String user) {
                return List.of("user:" + user + ":alerts", "user:" + user + ":portfolio");
            }
        };
        RecordingSocket socket = new RecordingSocket();
        Connection connection = registry.open(socket.session(), "/ws", "127.0.0.1", null, owning);
        Peer peer = new Peer(connection, Namespace.WS);

        verbs().authenticate(peer, new CoreFrame.Authenticate("a1", Tokens.hs256("ann")));

        assertTrue(connection.subscribedTo("user:ann:alerts"));
        assertTrue(connection.subscribedTo("user:ann:portfolio"));
        Client nativeClient = connect(Namespace.WS, null);
        verbs().authenticate(nativeClient.peer(), new CoreFrame.Authenticate("a1", Tokens.hs256("bob")));
        assertEquals(0, nativeClient.connection().subscriptionCount(), "Tidings' own /ws subscribes nothing by itself");
    }

    @Test
    void aBusThatCannotBeReachedAnswersUnavailableAndLeavesNoSubscription() {
        LocalBus unreachable = new LocalBus(entry -> {}, 10, 300) {
            @Override
            public Position position(String channel) {
                throw new BusUnavailableException("Redis is away", null);
            }
        };
        Client client = connect(Namespace.WS, null);

        verbs(unreachable, List.of()).subscribe(client.peer(), subscribe("s1", "trades:X"));

        assertEquals(List.of("error"), client.socket().types());
        assertError(ErrorCode.UNAVAILABLE, "s1", client.last());
        assertFalse(client.connection().subscribedTo("trades:X"));
        assertTrue(registry.subscribers("trades:X").isEmpty());
    }

    @Test
    void aChannelStateThatFailsAnswersInternalAndLeavesNoSubscription() {
        ChannelState broken = (channel, user) -> {
            throw new IllegalStateException("a bug");
        };
        Client client = connect(Namespace.WS, null);

        verbs(bus, List.of(broken)).subscribe(client.peer(), subscribe("s1", "trades:X"));

        assertEquals(List.of("error"), client.socket().types(), "no subscribed before the error");
        assertError(ErrorCode.INTERNAL, "s1", client.last());
        assertFalse(client.connection().subscribedTo("trades:X"));
    }

    @Test
    void clientsMayNotPublishOnTheDefaultChannels() {
        CoreVerbs verbs = verbs();
        Client admin = connect(Namespace.WS, "root", "admin");
        JsonObject data = Json.createObjectBuilder().add("a", 1).build();

        assertRefused(
                ErrorCode.FORBIDDEN,
                "p1",
                () -> verbs.publish(admin.peer(), new CoreFrame.Publish("p1", "trades:X", "e", data)));
        assertRefused(
                ErrorCode.INVALID_CHANNEL,
                "p2",
                () -> verbs.publish(admin.peer(), new CoreFrame.Publish("p2", "nope:1", "e", data)));
        assertEquals(0, bus.position("trades:X").offset(), "nothing published");
    }

    @Test
    void anAuthenticateSetsTheUserAndSubscribesItToItsOwnChannel() {
        Client client = connect(Namespace.NOTIFICATIONS, null);

        verbs().authenticate(client.peer(), new CoreFrame.Authenticate("a1", Tokens.hs256("ann")));

        JsonObject authenticated = client.socket().frames("authenticated").get(0);
        assertEquals("a1", authenticated.getString("id"));
        assertEquals("ann", authenticated.getString("user"));
        assertEquals("ann", client.connection().user());
        assertTrue(registry.connectionsOf("ann").contains(client.connection()));
        JsonObject own = client.socket().frames("subscribed").get(0);
        assertEquals("user:ann:notifications", own.getString("channel"));
        assertFalse(own.containsKey("id"), "nobody asked for it");
    }

    @Test
    void aRefreshedTokenIsAnsweredButSubscribesNothingAgain() {
        Client client = connect(Namespace.NOTIFICATIONS, null);
        CoreVerbs verbs = verbs();
        verbs.authenticate(client.peer(), new CoreFrame.Authenticate("a1", Tokens.hs256("ann")));

        verbs.authenticate(client.peer(), new CoreFrame.Authenticate("a2", Tokens.hs256("ann")));

        assertEquals(
                List.of("authenticated", "subscribed", "authenticated"),
                client.socket().types());
        assertEquals(1, client.connection().subscriptionCount());
    }

    @Test
    void aTokenThatIsNotValidIsUnauthorizedAndLeavesTheConnectionAnonymous() {
        Client client = connect(Namespace.WS, null);

        assertRefused(
                ErrorCode.UNAUTHORIZED,
                "a1",
                () -> verbs().authenticate(
                                client.peer(), new CoreFrame.Authenticate("a1", Tokens.hs256WithWrongSecret("ann"))));
        assertNull(client.connection().user());
    }

    @Test
    void aTokenForAnotherUserIsForbidden() {
        Client client = connect(Namespace.WS, "ann");

        assertRefused(
                ErrorCode.FORBIDDEN,
                "a1",
                () -> verbs().authenticate(client.peer(), new CoreFrame.Authenticate("a1", Tokens.hs256("bob"))));
        assertEquals("ann", client.connection().user());
    }

    @Test
    void theAdminNamespaceWantsRoleAdmin() {
        Client client = connect(Namespace.ADMIN, null);
        CoreVerbs verbs = verbs();

        assertRefused(
                ErrorCode.FORBIDDEN,
                "a1",
                () -> verbs.authenticate(client.peer(), new CoreFrame.Authenticate("a1", Tokens.hs256("ann"))));
        verbs.authenticate(client.peer(), new CoreFrame.Authenticate("a2", Tokens.hs256("root", "admin")));
        assertEquals("root", client.connection().user());
    }

    @Test
    void aUserWithAllItsConnectionsOpenIsTurnedAwayAsServerFull() {
        for (int i = 0; i < CONNECTIONS_PER_USER; i++) {
            connect(Namespace.WS, "ann");
        }
        Client another = connect(Namespace.WS, null);

        verbs().authenticate(another.peer(), new CoreFrame.Authenticate("a1", Tokens.hs256("ann")));

        assertEquals(1013, another.socket().closeCode());
        assertNull(another.connection().user());
        assertEquals(List.of(), another.socket().sent("authenticated"));
    }
}
