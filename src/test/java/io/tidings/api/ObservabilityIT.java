package io.tidings.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /metrics}, the history endpoint, and the bus's publish options as the HTTP API offers them. */
class ObservabilityIT extends TidingsIT {

    @Test
    void metricsAreServedInThePrometheusFormatAndMove() {
        HttpResponse<String> before = api.get("metrics");
        assertEquals(200, before.statusCode(), before.body());
        assertTrue(before.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String channel = uniqueChannel();
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.subscribe(channel);
            String during = api.get("metrics").body();
            assertTrue(value(during, "tidings_connections\\{namespace=\"/ws\"\\}") >= 1, during);
            api.publishMany(channel, "e", 200, 100); // the latency is sampled: enough events for some samples
            client.awaitEvents(channel, 200);
            client.sendFields("type", "nope", "id", "x");
            client.await(f -> "x".equals(f.getString("id", null)));
        }
        // the client closes with 1000; should a reset overtake its close frame, the container reports 1006
        String after = awaitMetric(ObservabilityIT::clientCloses, clientCloses(before.body()));
        assertEquals(
                value(before.body(), "tidings_closes_total\\{code=\"1011\"\\}"),
                value(after, "tidings_closes_total\\{code=\"1011\"\\}"),
                "a client's close is not counted as the server's failure");
        for (String counter : List.of(
                "tidings_publications_total",
                "tidings_deliveries_total",
                "tidings_frames_received_total",
                "tidings_frames_sent_total",
                "tidings_errors_total\\{code=\"bad_request\"\\}")) {
            assertTrue(value(after, counter) > value(before.body(), counter), counter + " moved");
        }
        assertTrue(value(after, "tidings_delivery_latency_seconds_count") >= 1, after);
    }

    @Test
    void historyPagesTheKeptEventsOfAChannel() {
        String channel = uniqueChannel();
        for (int n = 1; n <= 3; n++) {
            api.publish(channel, "e", Json.createObjectBuilder().add("n", n).build());
        }
        JsonObject page = history(channel + "/history?since=1");
        assertEquals(3, page.getJsonNumber("offset").longValue());
        assertTrue(page.getBoolean("complete"));
        assertEquals(2, page.getJsonArray("events").size());
        JsonObject second = page.getJsonArray("events").getJsonObject(0);
        assertEquals("event", second.getString("type"));
        assertEquals(2, second.getJsonNumber("offset").longValue());
        assertEquals(2, second.getJsonObject("data").getInt("n"));
        assertEquals(
                1, history(channel + "/history?limit=1").getJsonArray("events").size());

        assertEquals(
                400,
                api.get("api/channels/" + channel + "/history?since=-1", "X-API-Key", Api.KEY)
                        .statusCode());
        HttpResponse<String> unknown = api.get("api/channels/nope:1/history", "X-API-Key", Api.KEY);
        assertEquals(400, unknown.statusCode());
        assertEquals("invalid_channel", Api.json(unknown.body()).getString("code"));
        assertEquals(200, api.get("api/channels/" + channel + "/history").statusCode(), "public: no credentials");
        assertEquals(401, api.get("api/channels/user:someone:orders/history").statusCode(), "private: credentials");
    }

    @Test
    void aRetryUnderTheSameIdempotencyKeyPublishesOnce() {
        String channel = uniqueChannel();
        String body = "{\"channel\":\"" + channel + "\",\"event\":\"order.filled\",\"data\":{\"id\":\"o1\"}}";
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.subscribe(channel);
            JsonObject first =
                    Api.json(api.post("api/publish", body, "X-API-Key", Api.KEY, "Idempotency-Key", "fill-o1")
                            .body());
            JsonObject retry =
                    Api.json(api.post("api/publish", body, "X-API-Key", Api.KEY, "Idempotency-Key", "fill-o1")
                            .body());
            assertEquals(1, first.getJsonNumber("offset").longValue());
            assertFalse(first.containsKey("repeated"));
            assertEquals(1, retry.getJsonNumber("offset").longValue());
            assertTrue(retry.getBoolean("repeated"));
            api.publish(channel, "marker", Json.createObjectBuilder().build());
            assertEquals(1, client.awaitEvent(channel).getJsonNumber("offset").longValue());
            JsonObject next = client.awaitEvent(channel);
            assertEquals("marker", next.getString("event"), "the retry delivered nothing");
            assertEquals(2, next.getJsonNumber("offset").longValue());
        }
    }

    @Test
    void anEphemeralPublicationReachesSubscribersWithoutUsingAnOffset() {
        String channel = uniqueChannel();
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.subscribe(channel);
            HttpResponse<String> ephemeral = api.post(
                    "api/publish",
                    "{\"channel\":\"" + channel + "\",\"event\":\"typing\",\"data\":{},\"ephemeral\":true}",
                    "X-API-Key",
                    Api.KEY);
            assertEquals(200, ephemeral.statusCode(), ephemeral.body());
            assertTrue(Api.json(ephemeral.body()).getBoolean("ephemeral"));
            JsonObject event = client.awaitEvent(channel);
            assertFalse(event.containsKey("offset"), event.toString());
            assertEquals(
                    1,
                    api.publish(channel, "e", Json.createObjectBuilder().build())
                            .getJsonNumber("offset")
                            .longValue());
            assertEquals(0, history(channel + "/history").getJsonArray("events").size() - 1, "only the durable one");
        }
    }

    private JsonObject history(String path) {
        HttpResponse<String> response = api.get("api/channels/" + path, "X-API-Key", Api.KEY);
        assertEquals(200, response.statusCode(), response.body());
        return Api.json(response.body());
    }

    private static double clientCloses(String metrics) {
        return value(metrics, "tidings_closes_total\\{code=\"1000\"\\}")
                + value(metrics, "tidings_closes_total\\{code=\"1006\"\\}");
    }

    /** Scrapes until {@code metric} is above {@code floor} (a close is counted once the server has handled it). */
    private String awaitMetric(ToDoubleFunction<String> metric, double floor) {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (true) {
            String text = api.get("metrics").body();
            if (metric.applyAsDouble(text) > floor) {
                return text;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the client's close was not counted (it stayed at " + floor + "): " + text);
            }
            Thread.onSpinWait();
        }
    }

    private static double value(String metrics, String metric) {
        Matcher m = Pattern.compile("(?m)^" + metric + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String uniqueChannel() {
        return "tokens:" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void readsOfAPublicHistoryWithoutCredentialsAreBoundedPerAddress() throws Exception {
        // a client of its own behind the trusted proxy 127.0.0.2 (see arquillian.xml), so no other test shares it
        String from = "203.0.113." + (1 + new java.util.Random().nextInt(250));
        int refused = 0;
        for (int i = 0; i < ApiAuthFilter.ANONYMOUS_READS_PER_MINUTE + 5; i++) {
            int status = statusOf("/api/channels/klines:BTCUSDT:1m/history", from);
            assertTrue(status == 200 || status == 429, "status " + status);
            refused += status == 429 ? 1 : 0;
        }
        assertEquals(5, refused, "past the limit, each read is refused");
        assertEquals(
                200,
                api.get("api/channels/klines:BTCUSDT:1m/history", "X-API-Key", Api.KEY)
                        .statusCode(),
                "a caller with credentials is not counted");
    }

    /** The status of a GET sent from 127.0.0.2 for a client at {@code forwardedFor}. */
    private int statusOf(String path, String forwardedFor) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nX-Forwarded-For: " + forwardedFor + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(
                            socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
