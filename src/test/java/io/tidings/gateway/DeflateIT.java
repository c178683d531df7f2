package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.DeflateOn;
import io.tidings.support.Deployments;
import io.tidings.support.NodeScript;
import io.tidings.support.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * permessage-deflate turned on ({@code tidings.websocket.deflate=true}, by a configuration source of this deployment):
 * a {@code ws} client in Node, which offers it as browsers do, gets it on every kind of endpoint and reads the events
 * intact, compressed frames it sends are read, a client that offers nothing beside it gets the same events
 * uncompressed, and a message that inflates past the ceiling closes its connection alone with 1009.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeflateIT {

    @ArquillianResource
    URL base;

    private Api api;

    /** Not a {@code TidingsIT}: Arquillian would take its deployment beside this one. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tidings()
                .addClass(DeflateOn.class)
                .addAsServiceProvider(ConfigSource.class, DeflateOn.class);
    }

    @BeforeEach
    void connectApi() {
        api = new Api(base);
    }

    @BeforeAll
    static void harnessInstalled() {
        NodeScript.requireHarness("node_modules/ws", "the ws package");
    }

    @Test
    void aClientOfferingItGetsItAndReadsOrderBooksIntact() throws Exception {
        String channel = uniqueBook();
        try (NodeScript client = client("ws")) {
            assertEquals("Extensions permessage-deflate", client.awaitStart("Extensions"));
            assertEquals("connected", received(client, "connected").getString("type"));
            client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"channel\":\"" + channel + "\"}");
            received(client, "subscribed");
            for (int i = 1; i <= 5; i++) { // several, so that each one leans on the last (context takeover)
                JsonObject book = orderBook(i);
                api.publish(channel, "book.update", book);
                JsonObject event = received(client, "event");
                assertEquals(book, event.getJsonObject("data"), "the book as published, non-ASCII too");
                assertEquals(i, event.getInt("offset"));
            }
        }
    }

    @Test
    void aCompressedFrameFromTheClientIsRead() throws Exception {
        // ws compresses what it sends from 1 KiB on: a subscribe to 100 channels is some 2 KiB
        String prefix = uniqueBook();
        List<String> channels =
                IntStream.range(0, 100).mapToObj(i -> prefix + i).toList();
        try (NodeScript client = client("ws")) {
            received(client, "connected");
            client.send(Json.createObjectBuilder()
                    .add("type", "subscribe")
                    .add("id", "many")
                    .add("channels", Json.createArrayBuilder(channels))
                    .build()
                    .toString());
            String last = channels.get(channels.size() - 1);
            JsonObject subscribed = await(
                    client,
                    frame -> "subscribed".equals(frame.getString("type")) && last.equals(frame.getString("channel")));
            assertEquals("many", subscribed.getString("id"));
        }
    }

    @Test
    void aClientOfferingNothingGetsTheSameEventsUncompressed() throws Exception {
        String channel = uniqueBook();
        try (NodeScript compressed = client("ws");
                TestClient plain = TestClient.connect(api.ws("ws"))) {
            assertEquals(List.of(), plain.negotiatedExtensions());
            received(compressed, "connected");
            compressed.send("{\"type\":\"subscribe\",\"id\":\"s\",\"channel\":\"" + channel + "\"}");
            received(compressed, "subscribed");
            plain.subscribe(channel);
            JsonObject book = orderBook(7);
            api.publish(channel, "book.update", book);
            assertEquals(book, received(compressed, "event").getJsonObject("data"));
            assertEquals(book, plain.awaitEvent(channel).getJsonObject("data"));
        }
    }

    @Test
    void aMessageInflatingPastTheCeilingClosesItsConnectionAloneWith1009() throws Exception {
        String channel = uniqueBook();
        try (NodeScript bomb = client("ws");
                TestClient other = TestClient.connect(api.ws("ws"))) {
            other.subscribe(channel);
            received(bomb, "connected");
            bomb.send("SPACES " + (GatewayLimits.MAX_FRAME_BYTES + 1)); // some 1 KiB on the wire
            bomb.await("Closed 1009");
            JsonObject book = orderBook(1);
            api.publish(channel, "book.update", book);
            assertEquals(book, other.awaitEvent(channel).getJsonObject("data"));
        }
    }

    @Test
    void theOtherEndpointsOfferItToo() throws Exception {
        try (NodeScript analyzer = client("analyzer/ws")) {
            assertEquals("Extensions permessage-deflate", analyzer.awaitStart("Extensions"));
            assertEquals("welcome", received(analyzer, "welcome").getString("type"));
        }
        try (NodeScript engine = client("socket.io/?EIO=4&transport=websocket")) {
            assertEquals("Extensions permessage-deflate", engine.awaitStart("Extensions"));
            String open = engine.awaitStart("Received: 0{").substring("Received: 0".length());
            assertTrue(Api.json(open).containsKey("sid"), open);
        }
    }

    private NodeScript client(String path) throws IOException {
        String url = base.toString().replaceFirst("^http", "ws") + path;
        return NodeScript.start("deflate-client.mjs", url);
    }

    private static JsonObject received(NodeScript client, String type) throws InterruptedException {
        return await(client, frame -> type.equals(frame.getString("type", null)));
    }

    private static JsonObject await(NodeScript client, java.util.function.Predicate<JsonObject> expected)
            throws InterruptedException {
        String line = client.await(
                "a frame as expected",
                text -> text.startsWith("Received: {") && expected.test(Api.json(text.substring(10))));
        return Api.json(line.substring(10));
    }

    private static String uniqueBook() {
        return "ticker:D"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }

    /** A book of 40 levels a side, some 3 KB of JSON, with a venue's name outside ASCII. */
    static JsonObject orderBook(int update) {
        JsonArrayBuilder bids = Json.createArrayBuilder();
        JsonArrayBuilder asks = Json.createArrayBuilder();
        for (int level = 0; level < 40; level++) {
            bids.add(Json.createArrayBuilder()
                    .add(price(45000_00 - level * 50 - update))
                    .add(quantity(level, update)));
            asks.add(Json.createArrayBuilder()
                    .add(price(45001_00 + level * 50 + update))
                    .add(quantity(level + 7, update)));
        }
        return Json.createObjectBuilder()
                .add("type", "delta")
                .add("venue", "Börse Zürich — 東京 🚀")
                .add("lastUpdateId", 1000 + update)
                .add("bids", bids)
                .add("asks", asks)
                .build();
    }

    private static String price(int cents) {
        return cents / 100 + "." + String.format("%02d", cents % 100);
    }

    private static String quantity(int level, int update) {
        return IntStream.of(level, update).mapToObj(String::valueOf).collect(Collectors.joining(".", "", "00"));
    }
}
