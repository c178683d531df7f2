package io.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.cluster.Entry;
import io.tidings.cluster.LocalBus;
import io.tidings.cluster.Message;
import io.tidings.cluster.PublishOptions;
import io.tidings.protocol.EventFrame;
import io.tidings.protocol.Position;
import io.tidings.protocol.ServerFrames;
import io.tidings.session.Connection;
import io.tidings.session.DeliveryMeter;
import io.tidings.session.Limits;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Subscription;
import io.tidings.session.SubscriptionBudget;
import io.tidings.support.Await;
import io.tidings.support.RecordingEvents;
import io.tidings.support.RecordingSocket;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Publications of a local bus handed by the fanout to the subscribers of a real registry. */
class FanoutTest {

    private static final int QUEUE = 4;

    private final LocalBus bus = new LocalBus(this::handOff, 10, 300);
    private final SessionRegistry registry = new SessionRegistry(
            new Limits(QUEUE, 100, 100),
            SubscriptionBudget.ofHeap(25),
            new BusInterest(bus),
            DeliveryMeter.NONE,
            new RecordingEvents(),
            Runnable::run);
    private Fanout fanout = new Fanout(registry, DeliveryWorkers.inline());

    private void handOff(Entry entry) {
        fanout.handle(entry);
    }

    /** A connection and the client end of its socket. */
    private record Client(Connection connection, RecordingSocket socket) {
        List<JsonObject> events() {
            return socket.frames("event");
        }
    }

    private Client connect(String user) {
        RecordingSocket socket = new RecordingSocket();
        Connection connection =
                registry.open(socket.session(), "/ws", "127.0.0.1", user == null ? null : Tokens.verified(user));
        return new Client(connection, socket);
    }

    /** Subscribes as the gateway does: registered, then started at the position read once the node receives. */
    private Client subscribed(String user, String channel) {
        return subscribe(connect(user), channel);
    }

    private Client subscribe(Client client, String channel) {
        registry.subscribe(client.connection(), channel, false).thenAccept(subscription -> {
            Position position = bus.position(channel);
            subscription.start(ServerFrames.subscribed(null, channel, position, null), List.of(), position);
        });
        return client;
    }

    private void publish(String channel, String data, PublishOptions options) {
        bus.publish(new Message(channel, "e", data, System.currentTimeMillis()), options);
    }

    private void publish(String channel, String data) {
        publish(channel, data, PublishOptions.NONE);
    }

    @Test
    void everySubscriberOfTheChannelGetsTheSameFrameWrittenOnce() {
        Client ann = subscribed("ann", "trades:X");
        Client bob = subscribed(null, "trades:X");
        Client elsewhere = subscribed("ann", "trades:Y");

        publish("trades:X", "{\"price\":\"1.5\"}");

        List<String> annGot = ann.socket().sent("event");
        List<String> bobGot = bob.socket().sent("event");
        assertEquals(1, annGot.size());
        assertSame(annGot.get(0), bobGot.get(0), "one serialization shared by every subscriber");
        JsonObject event = ann.events().get(0);
        assertEquals("trades:X", event.getString("channel"));
        assertEquals("e", event.getString("event"));
        assertEquals("1.5", event.getJsonObject("data").getString("price"));
        assertEquals(1, event.getInt("offset"));
        assertTrue(elsewhere.events().isEmpty(), "another channel's subscriber");
    }

    @Test
    void theExcludedConnectionIsLeftOut() {
        Client sender = subscribed("ann", "trades:X");
        Client otherTab = subscribed("ann", "trades:X");

        publish(
                "trades:X",
                "{}",
                PublishOptions.NONE.excluding(sender.connection().id()));

        assertTrue(sender.events().isEmpty());
        assertEquals(1, otherTab.events().size(), "the same user on another connection still gets it");
    }

    @Test
    void noConnectionOfTheExcludedUserGetsIt() {
        Client annTab1 = subscribed("ann", "trades:X");
        Client annTab2 = subscribed("ann", "trades:X");
        Client bob = subscribed("bob", "trades:X");
        Client anonymous = subscribed(null, "trades:X");

        publish("trades:X", "{}", PublishOptions.NONE.excludingUser("ann"));

        assertTrue(annTab1.events().isEmpty());
        assertTrue(annTab2.events().isEmpty());
        assertEquals(1, bob.events().size());
        assertEquals(1, anonymous.events().size());
    }

    @Test
    void anEphemeralEventIsDeliveredWithoutOffsetAndTakesNoPlaceInTheOrder() {
        Client client = subscribed("ann", "trades:X");

        publish("trades:X", "{\"n\":1}");
        publish("trades:X", "{\"n\":2}", PublishOptions.NONE.asEphemeral());
        publish("trades:X", "{\"n\":3}");

        List<JsonObject> events = client.events();
        assertEquals(
                List.of(1, 2, 3),
                events.stream().map(e -> e.getJsonObject("data").getInt("n")).toList());
        assertEquals(1, events.get(0).getInt("offset"));
        assertFalse(events.get(1).containsKey("offset"), "ephemeral: " + events.get(1));
        assertEquals(2, events.get(2).getInt("offset"), "the ephemeral one took no offset");
    }

    @Test
    void aSubscriberNotYetStartedGetsWhatCameAfterItsPositionOnceAfterItsSubscribed() {
        Client client = connect("ann");
        List<Subscription> registered = new ArrayList<>();
        registry.subscribe(client.connection(), "trades:X", false).thenAccept(registered::add);
        publish("trades:X", "{\"n\":1}");
        publish("trades:X", "{\"n\":2}");
        assertTrue(client.socket().sent().isEmpty(), "held back until it starts");

        // as if it had read the position between the two publications, and recovered the first
        Position afterFirst = new Position(1, bus.position("trades:X").epoch());
        String first = EventFrame.serialize("trades:X", "e", "{\"n\":1}", 1, 1_000L);
        registered.get(0).start(ServerFrames.subscribed("s", "trades:X", afterFirst, null), List.of(first), afterFirst);

        assertEquals(List.of("subscribed", "event", "event"), client.socket().types());
        assertEquals(
                List.of(1, 2),
                client.events().stream().map(e -> e.getInt("offset")).toList(),
                "the held-back first one is not sent again");
    }

    @Test
    void aSubscriberThatStoppedReadingHoldsUpNeitherTheOthersNorThePublisher() {
        Client stuck = subscribed("ann", "trades:X");
        Client reader = subscribed("bob", "trades:X");
        stuck.socket().stopReading();

        int count = QUEUE + 3;
        for (int n = 1; n <= count; n++) {
            publish("trades:X", "{\"n\":" + n + "}");
        }

        assertEquals(count, reader.events().size());
        assertEquals(count, bus.position("trades:X").offset());
        assertEquals(4009, stuck.socket().closeCode(), "closed as a slow consumer once its queue was full");
        assertNull(reader.socket().closeCode());
    }

    @Test
    void withSeveralWorkersEachConnectionGetsEveryChannelsEventsInPublicationOrder() {
        try (DeliveryWorkers three = DeliveryWorkers.start(3, 10_000, Executors.defaultThreadFactory())) {
            fanout = new Fanout(registry, three);
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                clients.add(subscribe(subscribed("u" + i, "trades:A"), "trades:B"));
            }

            for (int n = 1; n <= 40; n++) {
                publish(n % 3 == 0 ? "trades:A" : "trades:B", "{\"n\":" + n + "}");
            }

            List<Integer> all = IntStream.rangeClosed(1, 40).boxed().toList();
            for (Client client : clients) {
                Await.until(
                        "40 events",
                        Duration.ofSeconds(10),
                        () -> client.events().size() >= 40);
                assertEquals(
                        all,
                        client.events().stream()
                                .map(event -> event.getJsonObject("data").getInt("n"))
                                .toList());
            }
        }
    }

    @Test
    void anUnsubscribedConnectionGetsNothingMore() {
        Client client = subscribed("ann", "trades:X");
        publish("trades:X", "{}");
        registry.unsubscribe(client.connection(), "trades:X");
        Client stays = subscribed("bob", "trades:X");

        publish("trades:X", "{}");

        assertEquals(1, client.events().size());
        assertEquals(1, stays.events().size());
    }
}
