package io.tidings.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The HTTP publish API: credentials, validation, broadcast. */
class PublishApiIT extends TidingsIT {

    @Test
    void wrongOrMissingKeyIsRefusedAndPublishesNothing() {
        String channel = uniqueChannel();
        String body = "{\"channel\":\"" + channel + "\",\"event\":\"status.update\",\"data\":{}}";
        long refusedBefore = api.stats().getJsonNumber("apiRefused").longValue();
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.subscribe(channel);
            assertRefused(api.post("api/publish", body));
            assertRefused(api.post("api/publish", body, "X-API-Key", "wrong-key"));
            assertRefused(api.post("api/publish", body, "Authorization", "apikey wrong-key"));
            assertRefused(api.post(
                    "api/broadcast",
                    "{\"channels\":[\"" + channel + "\"],\"event\":\"e\",\"data\":{}}",
                    "X-API-Key",
                    "wrong-key"));

            // The first publication that gets through is offset 1: nothing was published before it.
            HttpResponse<String> accepted = api.post("api/publish", body, "Authorization", "apikey " + Api.KEY);
            assertEquals(200, accepted.statusCode(), accepted.body());
            assertEquals(1, Api.json(accepted.body()).getJsonNumber("offset").longValue());
            assertEquals(1, client.awaitEvent(channel).getJsonNumber("offset").longValue());
        }
        assertEquals(refusedBefore + 4, api.stats().getJsonNumber("apiRefused").longValue(), "every refusal counted");
    }

    @Test
    void broadcastPublishesToEveryChannel() {
        String first = uniqueChannel();
        String second = uniqueChannel();
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.subscribe(first);
            client.subscribe(second);
            HttpResponse<String> response = api.post(
                    "api/broadcast",
                    "{\"channels\":[\"" + first + "\",\"" + second + "\"],\"event\":\"status.update\","
                            + "\"data\":{\"state\":\"maintenance\"}}",
                    "X-API-Key",
                    Api.KEY);
            assertEquals(200, response.statusCode(), response.body());
            JsonArray results = Api.json(response.body()).getJsonArray("results");
            assertEquals(2, results.size());
            assertEquals(first, results.getJsonObject(0).getString("channel"));
            assertEquals(1, results.getJsonObject(0).getJsonNumber("offset").longValue());
            assertTrue(results.getJsonObject(1).containsKey("epoch"));
            assertEquals(
                    "maintenance",
                    client.awaitEvent(first).getJsonObject("data").getString("state"));
            assertEquals(
                    "maintenance",
                    client.awaitEvent(second).getJsonObject("data").getString("state"));
        }
    }

    @Test
    void rejectsMalformedRequestsWithTheirCode() {
        assertError(api.post("api/publish", "not json", "X-API-Key", Api.KEY), 400, "bad_request");
        assertError(
                api.post("api/publish", "{\"channel\":\"status\",\"event\":\"e\"}", "X-API-Key", Api.KEY),
                400,
                "bad_request");
        assertError(
                api.post("api/publish", "{\"channel\":\"nope:x\",\"event\":\"e\",\"data\":{}}", "X-API-Key", Api.KEY),
                400,
                "invalid_channel");
        assertError(
                api.post("api/publish", "{\"channel\":\"status\",\"event\":\"a b\",\"data\":{}}", "X-API-Key", Api.KEY),
                400,
                "bad_request");
        assertError(
                api.post(
                        "api/broadcast", "{\"channels\":\"status\",\"event\":\"e\",\"data\":{}}", "X-API-Key", Api.KEY),
                400,
                "bad_request");
        assertError(
                api.post(
                        "api/publish",
                        "{\"channel\":\"status\",\"event\":\"e\",\"data\":{\"x\":\"" + "a".repeat(300_000) + "\"}}",
                        "X-API-Key",
                        Api.KEY),
                413,
                "bad_request");
    }

    @Test
    void everyRefusalUnderTheApiIsJsonWithItsStatus() {
        String body = "{\"channel\":\"status\",\"event\":\"e\",\"data\":{}}";
        assertError(api.post("api/publish", body), 401, "unauthorized");
        assertError(
                api.post("api/publish", body, "Authorization", "Bearer " + Tokens.hs256("someone")), 403, "forbidden");
        assertEquals(
                200,
                api.post("api/publish", body, "Authorization", "Bearer " + Tokens.hs256("backend", "publisher"))
                        .statusCode());
        assertError(api.get("api/no/such/path", "X-API-Key", Api.KEY), 404, "not_found");
        HttpResponse<String> wrongMethod = api.get("api/publish", "X-API-Key", Api.KEY);
        assertError(wrongMethod, 405, "method_not_allowed");
        assertTrue(wrongMethod.headers().firstValue("Allow").orElse("").contains("POST"), "Allow names POST");
        assertError(
                api.request("POST", "api/publish", body, "X-API-Key", Api.KEY, "Content-Type", "text/plain"),
                415,
                "unsupported_media_type");
        assertError(api.request("POST", "api/publish", body, "X-API-Key", Api.KEY), 415, "unsupported_media_type");
        assertEquals(
                200,
                api.request(
                                "POST",
                                "api/publish",
                                body,
                                "X-API-Key",
                                Api.KEY,
                                "Content-Type",
                                "application/json; charset=utf-8")
                        .statusCode(),
                "a charset is allowed");
    }

    @Test
    void textWithoutAUtf8FormAndNumbersBeyondADoubleAreRefusedAndSubscribersCarryOn() {
        String channel = uniqueChannel();
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.subscribe(channel);
            String surrogate = "{\"channel\":\"" + channel + "\",\"event\":\"e\",\"data\":{\"x\":\"\\ud800\"}}";
            assertError(api.post("api/publish", surrogate, "X-API-Key", Api.KEY), 400, "bad_request");
            String huge = "{\"channel\":\"" + channel + "\",\"event\":\"e\",\"data\":{\"x\":1e999999}}";
            assertError(api.post("api/publish", huge, "X-API-Key", Api.KEY), 400, "bad_request");
            api.publish(
                    channel,
                    "e",
                    jakarta.json.Json.createObjectBuilder()
                            .add("x", "\ud83d\ude00")
                            .build());
            JsonObject event = client.awaitEvent(channel);
            assertEquals(1, event.getJsonNumber("offset").longValue(), "nothing refused was published");
            assertEquals("\ud83d\ude00", event.getJsonObject("data").getString("x"));

            client.send("{\"type\":\"ping\",\"id\":\"\\ud800\"}");
            JsonObject refused = client.awaitType("error");
            assertEquals("bad_request", refused.getString("code"));
            assertTrue(!refused.containsKey("id"), "an id that cannot be sent back is not echoed");
            client.sendFields("type", "ping", "id", "after");
            assertEquals(
                    "pong",
                    client.await(f -> "after".equals(f.getString("id", null))).getString("type"));
        }
    }

    @Test
    void aBatchWithOneBadPublicationPublishesNone() {
        String channel = uniqueChannel();
        String batch = "{\"publications\":[{\"channel\":\"" + channel + "\",\"event\":\"e\",\"data\":{}},"
                + "{\"channel\":\"" + channel + "\",\"event\":\"not valid\",\"data\":{}}]}";
        assertError(api.post("api/publish/batch", batch, "X-API-Key", Api.KEY), 400, "bad_request");
        assertEquals(
                1,
                api.publish(
                                channel,
                                "e",
                                jakarta.json.Json.createObjectBuilder().build())
                        .getJsonNumber("offset")
                        .longValue(),
                "nothing of the refused batch was published");
    }

    @Test
    void backendsMayPublishToPrivateChannels() {
        JsonObject result = api.publish(
                "user:" + UUID.randomUUID() + ":orders",
                "order.update",
                jakarta.json.Json.createObjectBuilder().add("status", "filled").build());
        assertEquals(1, result.getJsonNumber("offset").longValue());
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertError(response, 401, "unauthorized");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject error = Api.json(response.body());
        assertEquals(code, error.getString("code"));
        assertTrue(error.containsKey("message"));
    }

    private static String uniqueChannel() {
        return "tokens:" + UUID.randomUUID().toString().replace("-", "");
    }
}
