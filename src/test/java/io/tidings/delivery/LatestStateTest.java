package io.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.channel.ChannelRules;
import io.tidings.channel.KnownChannels;
import io.tidings.cluster.LocalBus;
import io.tidings.cluster.PublishOptions;
import io.tidings.cluster.RedisBus;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.metrics.Metrics;
import io.tidings.support.RecordingEvents;
import io.tidings.support.RedisServer;
import io.tidings.support.TestBuses;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The state a new subscriber gets, from publications and from domain code: on one node (the local bus), and on
 * nodes sharing a Redis.
 */
class LatestStateTest {

    private final LocalBus bus = new LocalBus(entry -> {}, 10, 300);
    private final LatestState state = new LatestState();
    /** A real publisher whose accepted publications reach the state as the CDI event would. */
    private final Publisher publisher = new Publisher(
            bus,
            new KnownChannels(ChannelRules.market()),
            Optional.empty(),
            new RecordingEvents() {
                @Override
                public void fire(Object event) {
                    if (event instanceof PublicationAccepted accepted) {
                        state.published(accepted);
                    }
                }
            },
            new Metrics());

    private LatestState keeping(String prefixes, int maxChannels) {
        state.publisher = publisher;
        state.bus = bus;
        state.prefixes = prefixes;
        state.maxChannels = maxChannels;
        state.configure();
        return state;
    }

    private void publish(String channel, int n) {
        publisher.submit(Publication.now(channel, "update", data(n)));
    }

    private void set(String channel, String event, int n) {
        state.changed(new ChannelStateChanged(channel, event, data(n)));
    }

    private static JsonObject data(int n) {
        return Json.createObjectBuilder().add("n", n).build();
    }

    /** The {@code n} of the data of the one state frame, or null when there is none. */
    private Integer stateOf(String channel) {
        List<String> frames = state.framesFor(channel, "ann");
        assertTrue(frames.size() <= 1, () -> "one frame at most: " + frames);
        return frames.isEmpty()
                ? null
                : frame(frames.get(0)).getJsonObject("data").getInt("n");
    }

    private static JsonObject frame(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aNewSubscriberGetsTheLastEventOfAKeptChannelWithoutOffset() {
        keeping("ticker:, status", 10);
        publish("ticker:BTC", 1);
        publish("ticker:BTC", 2);

        List<String> frames = state.framesFor("ticker:BTC", null);
        assertEquals(1, frames.size());
        JsonObject event = frame(frames.get(0));
        assertEquals("event", event.getString("type"));
        assertEquals("ticker:BTC", event.getString("channel"));
        assertEquals("update", event.getString("event"));
        assertEquals(2, event.getJsonObject("data").getInt("n"));
        assertFalse(event.containsKey("offset"), event::toString);
        assertEquals(frames, state.framesFor("ticker:BTC", "ann"), "the same for every user");
    }

    @Test
    void eachListedPrefixIsKeptAndNothingElse() {
        keeping(" ticker: ,status,", 10);
        publish("status", 1);
        publish("ticker:ETH", 2);
        publish("trades:BTC", 3);

        assertEquals(1, stateOf("status"));
        assertEquals(2, stateOf("ticker:ETH"));
        assertEquals(null, stateOf("trades:BTC"));
        assertEquals(null, stateOf("ticker:SOL"), "nothing published there yet");
    }

    @Test
    void theKeptChannelsUnderAPrefixAreListedByChannelWithTheirLastEvent() {
        keeping("tokens:,ticker:", 10);
        publish("tokens:SOL", 1);
        publish("tokens:BONK", 2);
        publish("tokens:SOL", 3);
        publish("ticker:BTC", 4);

        Map<String, String> tokens = state.latestUnder("tokens:");
        assertEquals(List.of("tokens:BONK", "tokens:SOL"), List.copyOf(tokens.keySet()));
        assertEquals(3, frame(tokens.get("tokens:SOL")).getJsonObject("data").getInt("n"));
        assertEquals(Map.of(), state.latestUnder("trades:"));
    }

    @Test
    void anEphemeralEventIsNotTheState() {
        keeping("ticker:", 10);
        publish("ticker:BTC", 1);
        publisher.submit(Publication.now("ticker:BTC", "update", data(2)).with(PublishOptions.NONE.asEphemeral()));

        assertEquals(1, stateOf("ticker:BTC"));
    }

    @Test
    void whatDomainCodeSetIsTheStateWhateverIsPublishedAfter() {
        keeping("ticker:", 10);
        publish("ticker:BTC", 1);
        set("ticker:BTC", "book", 10);
        publish("ticker:BTC", 2);

        assertEquals(10, stateOf("ticker:BTC"));
        assertEquals("book", frame(state.framesFor("ticker:BTC", null).get(0)).getString("event"));
        set("ticker:BTC", "book", 11);
        assertEquals(11, stateOf("ticker:BTC"), "domain code replaces its own state");
    }

    @Test
    void domainCodeMaySetTheStateOfAnyKnownChannel() {
        keeping("ticker:", 10);
        set("orderbook:BTC", "book", 7);

        assertEquals(7, stateOf("orderbook:BTC"));
    }

    @Test
    void aStateThatCouldNotBeSentIsRefusedAndKeepsNothing() {
        keeping("ticker:", 10);
        assertThrows(IllegalArgumentException.class, () -> set("nope:1", "book", 1), "unknown channel");
        assertThrows(IllegalArgumentException.class, () -> set("ticker:BTC", "bad name", 1), "event name");
        JsonObject loneSurrogate = Json.createObjectBuilder().add("s", "\ud800").build();
        assertThrows(
                IllegalArgumentException.class,
                () -> state.changed(new ChannelStateChanged("ticker:BTC", "book", loneSurrogate)),
                "text with no UTF-8 form");

        assertTrue(state.framesFor("ticker:BTC", null).isEmpty());
        assertTrue(state.framesFor("nope:1", null).isEmpty());
    }

    @Test
    void atMostTheMaximumOfChannelsIsKeptTheLeastRecentlyChangedForgottenFirst() {
        keeping("ticker:", 2);
        publish("ticker:A", 1);
        publish("ticker:B", 2);
        publish("ticker:A", 3); // A is now the most recently changed
        publish("ticker:C", 4);

        assertEquals(3, stateOf("ticker:A"));
        assertEquals(null, stateOf("ticker:B"));
        assertEquals(4, stateOf("ticker:C"));
    }

    @Test
    void aDomainStateIsForgottenLikeAnyOtherAndTheChannelThenFollowsItsEventsAgain() {
        keeping("ticker:", 1);
        set("ticker:A", "book", 1);
        publish("ticker:B", 2);
        assertEquals(null, stateOf("ticker:A"), "forgotten for the more recent B");

        publish("ticker:A", 3);
        assertEquals(3, stateOf("ticker:A"), "no longer held by a state that is gone");
    }

    @Test
    void withNoPrefixOnlyDomainCodeSetsState() {
        keeping("", 10);
        publish("ticker:BTC", 1);

        assertEquals(List.of(), state.framesFor("ticker:BTC", null));
        set("ticker:BTC", "book", 2);
        assertEquals(2, stateOf("ticker:BTC"));
    }

    /** With the Redis bus every node serves the same state: the channel's latest event, or what domain code set. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnRedis {

        @AutoClose
        private RedisServer redis;

        @AutoClose
        private final TestBuses buses = new TestBuses();

        /** The keys of one test, apart from the others' on the one Redis. */
        private String prefix;

        @BeforeAll
        void start() {
            redis = RedisServer.start();
        }

        @BeforeEach
        void newKeys() {
            prefix = "k" + UUID.randomUUID().toString().substring(0, 8) + ":";
        }

        /** A node of its own over the shared Redis: its bus, publisher and state. */
        private record Node(Publisher publisher, LatestState state) {
            void publish(String channel, int n) {
                publisher.submit(Publication.now(channel, "update", data(n)));
            }

            Integer stateOf(String channel) {
                List<String> frames = state.framesFor(channel, null);
                assertTrue(frames.size() <= 1, () -> "one frame at most: " + frames);
                return frames.isEmpty()
                        ? null
                        : frame(frames.get(0)).getJsonObject("data").getInt("n");
            }
        }

        private Node node() {
            RedisBus bus = buses.open(entry -> {}, TestBuses.settings(redis.url(), prefix, 10));
            LatestState node = new LatestState();
            Publisher publisher = new Publisher(
                    bus,
                    new KnownChannels(ChannelRules.market()),
                    Optional.empty(),
                    new RecordingEvents() {
                        @Override
                        public void fire(Object event) {
                            if (event instanceof PublicationAccepted accepted) {
                                node.published(accepted);
                            }
                        }
                    },
                    new Metrics());
            node.publisher = publisher;
            node.bus = bus;
            node.prefixes = "ticker:,tokens:";
            node.maxChannels = 10;
            node.configure();
            return new Node(publisher, node);
        }

        @Test
        void everyNodeServesTheLastEventOfAKeptChannelWithoutOffset() {
            Node one = node();
            Node two = node();
            one.publish("ticker:BTC", 1);
            one.publish("ticker:BTC", 2);
            one.publish("trades:BTC", 3);

            assertEquals(2, two.stateOf("ticker:BTC"));
            assertFalse(frame(two.state().framesFor("ticker:BTC", null).get(0)).containsKey("offset"));
            assertEquals(null, two.stateOf("trades:BTC"), "not under a kept prefix");
        }

        @Test
        void everyNodeListsTheChannelsUnderAPrefixThatAnyNodePublishedTo() {
            Node one = node();
            Node two = node();
            one.publish("tokens:SOL", 1);
            two.publish("tokens:BONK", 2);
            one.publish("tokens:SOL", 3);
            one.publish("ticker:BTC", 4);
            one.state().changed(new ChannelStateChanged("tokens:JUP", "token.update", data(5)));

            Map<String, String> tokens = node().state().latestUnder("tokens:");
            assertEquals(List.of("tokens:BONK", "tokens:JUP", "tokens:SOL"), List.copyOf(tokens.keySet()));
            assertEquals(
                    3, frame(tokens.get("tokens:SOL")).getJsonObject("data").getInt("n"));
            assertEquals(
                    5, frame(tokens.get("tokens:JUP")).getJsonObject("data").getInt("n"));
            assertEquals(Map.of(), node().state().latestUnder("trades:"));
        }

        @Test
        void whatDomainCodeSetOnOneNodeIsEveryNodesStateWhateverIsPublishedAfter() {
            Node one = node();
            Node two = node();
            one.publish("ticker:BTC", 1);
            one.state().changed(new ChannelStateChanged("ticker:BTC", "book", data(10)));
            one.state().changed(new ChannelStateChanged("orderbook:BTC", "book", data(20)));
            two.publish("ticker:BTC", 2);

            assertEquals(10, two.stateOf("ticker:BTC"));
            assertEquals(20, two.stateOf("orderbook:BTC"), "any known channel");
            assertEquals(10, one.stateOf("ticker:BTC"));
        }
    }
}
