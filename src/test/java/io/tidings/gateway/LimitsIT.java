package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.RawClient;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every limit closes only the offender, with its catalogued code. The test servers run with a 1 s heartbeat, a
 * 64 KiB frame limit, 200 frames/s (burst 400) per connection, 50 bad frames, 300 connections, 8 per user and
 * {@code price:} channels throttled to 2 per second (arquillian.xml).
 */
class LimitsIT extends TidingsIT {

    @Test
    void aClientThatIgnoresPingsIsClosedWith4000() throws Exception {
        try (RawClient silent = RawClient.connect(api.ws("ws"))) {
            JsonObject connected = Api.json(silent.read().text());
            assertEquals(1, connected.getInt("heartbeat"));
            int pings = 0;
            for (RawClient.Frame frame = silent.read(); frame != null; frame = silent.read()) {
                if (frame.opcode() == RawClient.Frame.PING) {
                    pings++;
                } else if (frame.opcode() == RawClient.Frame.CLOSE) {
                    assertEquals(4000, frame.closeCode());
                    assertTrue(pings >= 3, "closed after its missed pings, saw " + pings);
                    return;
                }
            }
            throw new AssertionError("not closed");
        }
    }

    @Test
    void aClientThatSendsJsonPingsIsAlive() throws Exception {
        try (RawClient browserLike = RawClient.connect(api.ws("ws"))) {
            browserLike.read(); // connected
            long until = System.nanoTime() + 6_000_000_000L; // past three missed heartbeats
            int pongs = 0;
            while (System.nanoTime() < until) {
                RawClient.Frame frame = browserLike.read();
                assertTrue(frame != null && frame.opcode() != RawClient.Frame.CLOSE, "still open");
                if (frame.opcode() == RawClient.Frame.PING) {
                    browserLike.sendText("{\"type\":\"ping\"}"); // what a browser can do: JSON, not a pong
                } else if (frame.opcode() == RawClient.Frame.TEXT
                        && frame.text().contains("\"pong\"")) {
                    pongs++;
                }
            }
            assertTrue(pongs >= 3);
        }
    }

    @Test
    void anOversizedFrameClosesWith1009() {
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, client.awaitClose().getCloseCode().getCode());
        }
        try (TestClient next = TestClient.connect(api.ws("ws"))) {
            next.sendFields("type", "ping");
            next.awaitType("pong");
        }
    }

    @Test
    void aFloodGetsRateLimitedThen4008() throws Exception {
        try (RawClient flooder = RawClient.connect(api.ws("ws"));
                TestClient neighbour = TestClient.connect(api.ws("ws"))) {
            flooder.read(); // connected
            flooder.sendTexts(java.util.Collections.nCopies(2_000, "{\"type\":\"ping\"}"));
            boolean rateLimited = false;
            int code = -1;
            for (RawClient.Frame frame = flooder.read(); frame != null; frame = flooder.read()) {
                if (frame.opcode() == RawClient.Frame.TEXT && frame.text().contains("\"rate_limited\"")) {
                    rateLimited = true;
                } else if (frame.opcode() == RawClient.Frame.CLOSE) {
                    code = frame.closeCode();
                    break;
                }
            }
            assertTrue(rateLimited, "rate_limited errors came first");
            assertEquals(4008, code);
            neighbour.sendFields("type", "ping");
            neighbour.awaitType("pong");
        }
    }

    @Test
    void aClientThatKeepsSendingTooFastIsClosedThoughSomeOfItsFramesGetThrough() throws Exception {
        // 1,000 frames a second against the ITs' 200 (burst 400), ten every 10 ms: the budget refills between them,
        // so a few frames are let through all along, and the refused ones still add up to 4008
        try (RawClient client = RawClient.connect(api.ws("ws"));
                TestClient neighbour = TestClient.connect(api.ws("ws"))) {
            client.read(); // connected
            client.keepAlive(); // only the rate may close it
            Thread pacer = new Thread(() -> {
                List<String> ten = Collections.nCopies(10, "{\"type\":\"ping\"}");
                try {
                    for (int i = 0; i < 1_000; i++) {
                        client.sendTexts(ten);
                        Thread.sleep(10); // the client's pace, not synchronisation
                    }
                } catch (IOException | InterruptedException closed) {
                    // closed by the server, or the test is over
                }
            });
            pacer.start();
            try {
                assertEquals(4008, client.readUntilClosed());
            } finally {
                pacer.interrupt();
                pacer.join();
            }
            neighbour.sendFields("type", "ping");
            neighbour.awaitType("pong");
        }
    }

    @Test
    void aFourMebibyteFrameClosesWith1009() throws Exception {
        try (RawClient client = RawClient.connect(api.ws("ws"))) {
            client.read(); // connected
            client.send(RawClient.Frame.TEXT, new byte[4 << 20]);
            assertEquals(1009, client.readUntilClosed());
        }
        try (TestClient next = TestClient.connect(api.ws("ws"))) {
            next.sendFields("type", "ping");
            next.awaitType("pong");
        }
    }

    @Test
    void aBurstFromAStandardClientLibraryEndsWith4008SeenByThatClient() {
        try (TestClient flooder = TestClient.connect(api.ws("ws"));
                TestClient neighbour = TestClient.connect(api.ws("ws"))) {
            int sent = 0;
            try {
                for (; sent < 5_000 && flooder.isOpen(); sent++) {
                    flooder.send("{\"type\":\"ping\"}");
                }
            } catch (RuntimeException closedWhileSending) {
                // the server closed it part way: what matters is the code that reached the client
            }
            assertEquals(4008, flooder.awaitClose().getCloseCode().getCode(), "after " + sent + " frames");
            neighbour.sendFields("type", "ping");
            neighbour.awaitType("pong");
        }
    }

    @Test
    void repeatedBadFramesCloseWith1008() {
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            for (int i = 0; i <= 50; i++) {
                client.send("{\"type\":\"nonsense\"}");
            }
            assertEquals("bad_request", client.awaitType("error").getString("code"));
            assertEquals(1008, client.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void connectionsPastTheLimitAreClosedWith1013() throws Exception {
        // Raw clients: the Tyrus client can fail its own connect when the server closes right after the upgrade.
        List<RawClient> open = new ArrayList<>();
        try {
            int refusedAt = -1;
            for (int i = 0; i < 320 && refusedAt < 0; i++) {
                RawClient client = RawClient.connect(api.ws("ws"));
                open.add(client);
                RawClient.Frame first = firstFrame(client);
                if (first.opcode() == RawClient.Frame.CLOSE) {
                    assertEquals(1013, first.closeCode());
                    refusedAt = i;
                } else {
                    client.keepAlive(); // it must not be closed for missed heartbeats while the others connect
                }
            }
            assertTrue(refusedAt > 0 && refusedAt <= 300, "refused at " + refusedAt);
            int full = api.stats().getInt("connections");
            open.remove(0).close();
            awaitConnectionsBelow(full); // the server frees the slot once it has seen the close
            RawClient again = RawClient.connect(api.ws("ws"));
            open.add(again);
            assertEquals(RawClient.Frame.TEXT, firstFrame(again).opcode(), "room again once one left");
        } finally {
            open.forEach(RawClient::close);
        }
    }

    /** The first frame other than a heartbeat ping. */
    private static RawClient.Frame firstFrame(RawClient client) throws java.io.IOException {
        for (RawClient.Frame frame = client.read(); frame != null; frame = client.read()) {
            if (frame.opcode() != RawClient.Frame.PING) {
                return frame;
            }
        }
        throw new AssertionError("closed without a close frame");
    }

    @Test
    void aUsersConnectionsPastItsLimitAreClosedWith1013() throws Exception {
        String user = "many-" + UUID.randomUUID().toString().substring(0, 8);
        List<TestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) { // the test servers allow 8 per user
                open.add(TestClient.connect(withToken(user)));
            }
            try (RawClient ninth = RawClient.connect(withToken(user))) {
                assertEquals(1013, ninth.readUntilClosed());
            }
            open.add(TestClient.connect(withToken("someone-else-" + user)));
        } finally {
            open.forEach(TestClient::close);
        }
    }

    @Test
    void throttledChannelsPublishTheLatestStateAtTheirRate() {
        String channel =
                "price:T" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.subscribe(channel);
            boolean held = false;
            for (int n = 1; n <= 10; n++) { // the test servers allow 2 per second on price:
                JsonObject result = Api.json(api.post(
                                "api/publish",
                                "{\"channel\":\"" + channel + "\",\"event\":\"price.update\",\"data\":{\"n\":" + n
                                        + "}}",
                                "X-API-Key",
                                Api.KEY)
                        .body());
                held |= result.getBoolean("throttled", false);
            }
            assertTrue(held, "publications inside the interval are held");
            JsonObject first = client.awaitEvent(channel);
            assertEquals(1, first.getJsonObject("data").getInt("n"));
            List<JsonObject> events = new ArrayList<>(List.of(first));
            while (events.get(events.size() - 1).getJsonObject("data").getInt("n") < 10) {
                events.add(client.awaitEvent(channel)); // the latest state arrives
            }
            assertTrue(events.size() < 10, "held states were replaced, not all published: " + events.size());
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).getJsonNumber("offset").longValue(), "replaced ones took no offset");
            }
        }
    }

    private java.net.URI withToken(String user) {
        return java.net.URI.create(api.ws("ws") + "?token=" + io.tidings.support.Tokens.hs256(user));
    }

    @Test
    void loneSurrogatesInIdsAreRefusedAndTheRegistryCountsWhatIsOpen() throws Exception {
        int before = api.stats().getInt("connections");
        List<RawClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                RawClient client = RawClient.connect(api.ws("ws"));
                open.add(client);
                client.read(); // connected
                client.sendText("{\"type\":\"ping\",\"id\":\"\\ud800\"}");
                JsonObject answer = Api.json(nextText(client));
                assertEquals("error", answer.getString("type"), answer::toString);
                assertEquals("bad_request", answer.getString("code"));
                client.keepAlive();
            }
            assertEquals(before + 30, api.stats().getInt("connections"), "every refused client is still open");
            for (RawClient client : open) {
                client.sendText("{\"type\":\"ping\",\"id\":\"p\"}");
                assertEquals("pong", Api.json(nextText(client)).getString("type"), "and still answered");
            }
        } finally {
            open.forEach(RawClient::close);
        }
        assertEquals(before, awaitConnectionsBelow(before + 1), "each socket closed left the registry");
    }

    @Test
    void aSubscriberResetMidStreamLeavesTheRegistryAndTheOthersGetEverything() throws Exception {
        String channel =
                "trades:X" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        int before = api.stats().getInt("connections");
        try (RawClient crashing = RawClient.connect(api.ws("ws"));
                TestClient steady = TestClient.connect(api.ws("ws"))) {
            crashing.read(); // connected
            crashing.sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            assertEquals("subscribed", Api.json(nextText(crashing)).getString("type"));
            steady.subscribe(channel);
            api.publishMany(channel, "trade", 2_000, 500);
            crashing.abort();
            api.publishMany(channel, "trade", 18_000, 500);
            long[] offsets = steady.awaitEvents(channel, 20_000);
            assertEquals(20_000, offsets[offsets.length - 1]);
            assertEquals(before + 1, awaitConnectionsBelow(before + 2), "only the steady one is left");
        }
    }

    private static String nextText(RawClient client) throws Exception {
        for (RawClient.Frame frame = client.read(); frame != null; frame = client.read()) {
            if (frame.opcode() == RawClient.Frame.TEXT) {
                return frame.text();
            }
            assertTrue(frame.opcode() != RawClient.Frame.CLOSE, "closed with " + frame.closeCode());
        }
        throw new AssertionError("connection ended");
    }

    @Test
    void survivesTenThousandRandomFramesAndLeaksNoSession() {
        int before = api.stats().getInt("connections");
        Random random = new Random(42);
        int frames = 0;
        List<TestClient> fuzzers = new ArrayList<>();
        for (int c = 0; frames < 10_000 && c < 250; c++) { // 50 frames each, new connections for closed ones
            TestClient fuzzer = TestClient.connect(api.ws("ws"));
            fuzzers.add(fuzzer);
            try {
                for (int i = 0; i < 50; i++, frames++) {
                    fuzzer.send(Fuzz.frame(random));
                }
            } catch (RuntimeException closed) {
                // a limit closed this one: that is a correct answer too
            }
        }
        assertTrue(frames >= 10_000, "sent " + frames);
        fuzzers.forEach(TestClient::close);

        String channel =
                "trades:F" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (TestClient normal = TestClient.connect(api.ws("ws"))) {
            normal.subscribe(channel);
            api.publish(channel, "trade", Json.createObjectBuilder().add("n", 1).build());
            assertEquals(1, normal.awaitEvent(channel).getJsonNumber("offset").longValue());
        }
        int after = awaitConnectionsBelow(before + 1); // closes are asynchronous: wait for the count, bounded
        assertEquals(before, after, "no session leaked");
    }

    @Test
    void forwardedAddressesCountOnlyFromATrustedProxy() throws Exception {
        Map<String, String> forwarded = Map.of("X-Forwarded-For", "203.0.113.7, 10.255.1.1");
        try (RawClient direct = RawClient.connect(api.ws("ws"), "127.0.0.1", forwarded);
                RawClient proxied = RawClient.connect(api.ws("ws"), "127.0.0.2", forwarded);
                RawClient rfc7239 = RawClient.connect(
                        api.ws("ws"), "127.0.0.2", Map.of("Forwarded", "for=\"[2001:db8::1]:4711\";proto=http"))) {
            assertEquals("127.0.0.1", addressOf(direct), "an untrusted peer cannot name its own address");
            assertEquals("203.0.113.7", addressOf(proxied), "the rightmost hop that is not a trusted proxy");
            assertEquals("2001:db8:0:0:0:0:0:1", normalized(addressOf(rfc7239)));
        }
    }

    private String addressOf(RawClient client) throws Exception {
        String session = Api.json(client.read().text()).getString("session");
        HttpResponse<String> response = api.get("api/connections", "X-API-Key", Api.KEY);
        assertEquals(200, response.statusCode(), response.body());
        return Api.json(response.body()).getJsonArray("connections").stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getString("id").equals(session))
                .findFirst()
                .orElseThrow(() -> new AssertionError("connection " + session + " not listed"))
                .getString("address");
    }

    private static String normalized(String address) throws Exception {
        return java.net.InetAddress.getByName(address).getHostAddress();
    }

    @Test
    void randomPublishBodiesAreAnsweredAsAnApiDoesAndTheServerCarriesOn() {
        Random random = new Random(7);
        String channel =
                "trades:P" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (TestClient subscriber = TestClient.connect(api.ws("ws"))) {
            subscriber.subscribe(channel);
            int published = 0;
            for (int i = 0; i < 400; i++) {
                byte[] body = Fuzz.publishBody(random, channel);
                String type = random.nextInt(10) == 0 ? "text/plain" : "application/json; charset=utf-8";
                HttpResponse<String> response =
                        api.postBytes("api/publish", body, "X-API-Key", Api.KEY, "Content-Type", type);
                int status = response.statusCode();
                assertTrue(
                        status == 200 || status == 400 || status == 413 || status == 415,
                        "body " + i + " answered " + status + ": " + response.body());
                JsonObject answer = Api.json(response.body());
                assertTrue(
                        status == 200 ? answer.containsKey("offset") : answer.containsKey("code"), answer.toString());
                if (status == 200) {
                    published++;
                }
            }
            api.publish(channel, "marker", Json.createObjectBuilder().build());
            long[] offsets = subscriber.awaitEvents(channel, published + 1);
            assertEquals(published + 1, offsets[offsets.length - 1], "every accepted body, and the marker, in order");
        }
        assertEquals(200, api.get("health/ready").statusCode());
    }

    /** Waits, bounded, until the server counts fewer than {@code count} connections; returns its count. */
    private int awaitConnectionsBelow(int count) {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        int now = api.stats().getInt("connections");
        while (now >= count && System.nanoTime() < deadline) {
            now = api.stats().getInt("connections");
        }
        assertTrue(now < count, "connections still " + now);
        return now;
    }

    /** Random and malformed frames: noise, broken JSON, wrong types, deep nesting, huge numbers, odd text. */
    static final class Fuzz {
        private static final String[] VALID = {
            "{\"type\":\"subscribe\",\"channel\":\"ticker:BTCUSDT\"}",
            "{\"type\":\"unsubscribe\",\"channel\":\"ticker:BTCUSDT\"}",
            "{\"type\":\"ping\",\"id\":\"1\"}",
            "{\"type\":\"publish\",\"channel\":\"status\",\"event\":\"e\",\"data\":{}}",
            "{\"type\":\"authenticate\"}", // no token: a bad frame, not a failed authentication of the test's address
            "{\"type\":\"subscribe\",\"channel\":\"x\",\"since\":{\"offset\":1,\"epoch\":\"e\"}}"
        };

        static String frame(Random random) {
            return switch (random.nextInt(8)) {
                case 0 -> noise(random, 1 + random.nextInt(200));
                case 1 -> mutate(VALID[random.nextInt(VALID.length)], random);
                case 2 -> "[".repeat(1 + random.nextInt(5_000));
                case 3 -> "{\"type\":\"subscribe\",\"channel\":" + randomValue(random) + "}";
                case 4 -> "{\"type\":" + randomValue(random) + ",\"id\":" + randomValue(random) + "}";
                case 5 ->
                    "{\"type\":\"subscribe\",\"channel\":\""
                            + noise(random, 1 + random.nextInt(300))
                                    .replace("\\", "")
                                    .replace("\"", "") + "\"}";
                case 6 ->
                    "{\"type\":\"subscribe\",\"channel\":\"ticker:X\",\"since\":{\"offset\":" + randomValue(random)
                            + ",\"epoch\":" + randomValue(random) + "}}";
                default -> VALID[random.nextInt(VALID.length)];
            };
        }

        /** A publish body: mostly a publication with random data, else bytes that are not valid UTF-8, or noise. */
        static byte[] publishBody(Random random, String channel) {
            String publication =
                    "{\"channel\":\"" + channel + "\",\"event\":\"e\",\"data\":{\"v\":" + randomValue(random) + "}}";
            return switch (random.nextInt(6)) {
                case 0 -> noise(random, 1 + random.nextInt(200)).getBytes(StandardCharsets.UTF_8);
                case 1 -> {
                    byte[] bytes = publication.getBytes(StandardCharsets.UTF_8);
                    bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x7f)); // invalid UTF-8
                    yield bytes;
                }
                case 2 ->
                    ("{\"channel\":\"" + channel + "\",\"event\":\"e\",\"data\":" + "[".repeat(1 + random.nextInt(100))
                                    + "}")
                            .getBytes(StandardCharsets.UTF_8);
                default -> publication.getBytes(StandardCharsets.UTF_8);
            };
        }

        private static String randomValue(Random random) {
            return switch (random.nextInt(7)) {
                case 0 -> "null";
                case 1 -> "1e999999";
                case 2 -> "-" + "9".repeat(1 + random.nextInt(400));
                case 3 -> "[" + random.nextInt() + "]";
                case 4 -> "{\"a\":{\"b\":[true,false,null]}}";
                case 5 ->
                    "\"\\u0000\\ud800" + noise(random, 5).replace("\\", "").replace("\"", "") + "\"";
                default -> "\"ok\"";
            };
        }

        private static String mutate(String valid, Random random) {
            StringBuilder text = new StringBuilder(valid);
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, (char) (32 + random.nextInt(95)));
                    default -> text.setCharAt(at, (char) (32 + random.nextInt(95)));
                }
            }
            return text.toString();
        }

        private static String noise(Random random, int length) {
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(10);
                text.append(
                        kind < 7
                                ? (char) (32 + random.nextInt(95))
                                : kind < 9
                                        ? (char) random.nextInt(32)
                                        : new String(Character.toChars(0x80 + random.nextInt(0x10000 - 0x80)))
                                                .replaceAll("[\\ud800-\\udfff]", "?"));
            }
            return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
    }
}
