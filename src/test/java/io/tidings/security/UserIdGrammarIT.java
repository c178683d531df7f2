package io.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.support.Api;
import io.tidings.support.RawClient;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.ClientEndpointConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user id (a token's {@code sub}) is 1 to 128 characters of {@code [A-Za-z0-9_.@=,-]}: it becomes part of channel
 * names ({@code user:{id}:calls}), of registry keys and of log lines, so anything else is refused wherever a user id
 * comes in. Sockets with refused tokens connect from their own forwarded address (through the trusted proxy
 * 127.0.0.2), so their failed authentications slow down no other test.
 */
class UserIdGrammarIT extends TidingsIT {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0 o=- 1 2 IN IP4 127.0.0.1\"}";

    @Test
    void aTokenWhoseSubIsOutsideTheGrammarIsClosedWith4001AtTheHandshake() throws IOException {
        Map<String, String> from = Probes.forwardedForOwnAddress();
        for (String sub : Probes.INVALID_USER_IDS) {
            try (RawClient client =
                    RawClient.connect(Probes.withToken(api, "ws", Tokens.hs256(sub)), "127.0.0.2", from)) {
                assertEquals(4001, closeCode(client, sub), () -> "sub " + sub);
            }
        }
        for (String sub : Probes.edgeUserIds(Probes.tag())) {
            try (RawClient client =
                    RawClient.connect(Probes.withToken(api, "ws", Tokens.hs256(sub)), "127.0.0.2", from)) {
                JsonObject connected = Api.json(nextText(client));
                assertEquals("connected", connected.getString("type"), connected::toString);
                assertEquals(sub, connected.getString("user"), "a sub at the edge of the grammar is accepted");
            }
        }
    }

    @Test
    void anAuthenticateWhoseSubIsOutsideTheGrammarIsUnauthorized() throws IOException {
        String accepted = Probes.edgeUserIds(Probes.tag()).get(1);
        try (RawClient client = RawClient.connect(api.ws("ws"), "127.0.0.2", Probes.forwardedForOwnAddress())) {
            assertEquals("connected", Api.json(nextText(client)).getString("type"));
            client.keepAlive();
            int n = 0;
            for (String sub : Probes.INVALID_USER_IDS) {
                String id = "a" + n++;
                client.sendText(authenticate(id, Tokens.hs256(sub)));
                JsonObject answer = answerTo(client, id);
                assertEquals("error", answer.getString("type"), () -> "sub " + sub + ": " + answer);
                assertEquals("unauthorized", answer.getString("code"), () -> "sub " + sub + ": " + answer);
            }
            // still without a user: a valid token of anyone is taken, where a second user would be forbidden
            client.sendText(authenticate("ok", Tokens.hs256(accepted)));
            JsonObject answer = answerTo(client, "ok");
            assertEquals("authenticated", answer.getString("type"), answer::toString);
            assertEquals(accepted, answer.getString("user"));
        }
    }

    @Test
    void theHttpApiRefusesABearerTokenWhoseSubIsOutsideTheGrammarWith401() {
        for (String sub : Probes.INVALID_USER_IDS) {
            HttpResponse<String> response =
                    api.get("api/stats", "Authorization", "Bearer " + Tokens.hs256(sub, "admin"));
            assertEquals(401, response.statusCode(), () -> "sub " + sub + ": " + response.body());
        }
        for (String sub : Probes.edgeUserIds(Probes.tag())) {
            HttpResponse<String> response =
                    api.get("api/stats", "Authorization", "Bearer " + Tokens.hs256(sub, "admin"));
            assertEquals(200, response.statusCode(), () -> "sub " + sub + ": " + response.body());
        }
    }

    @Test
    void anOfferToAUserIdOutsideTheGrammarIsABadRequest() {
        String tag = Probes.tag();
        List<String> invalid = new ArrayList<>(List.of("x:y", "", "ü", "a b"));
        invalid.addAll(Probes.INVALID_USER_IDS);
        try (TestClient caller = device("caller-" + tag)) {
            int n = 0;
            for (String to : new LinkedHashSet<>(invalid)) {
                String id = "o" + n++;
                caller.send(offer(id, "bad-" + tag + "-" + n, to));
                JsonObject answer = Probes.answerTo(caller, id);
                assertNotNull(answer, () -> "closed instead of answering an offer to '" + to + "'");
                assertEquals("error", answer.getString("type"), () -> "to '" + to + "': " + answer);
                assertEquals("bad_request", answer.getString("code"), () -> "to '" + to + "': " + answer);
            }
            String callId = "good-" + tag;
            caller.send(offer("good", callId, "callee-" + tag));
            assertEquals("ack", Probes.answerTo(caller, "good").getString("type"), "a valid callee is rung");
            caller.send(verb("video:end", "good-end", callId, null));
            assertEquals("ack", Probes.answerTo(caller, "good-end").getString("type"));
        }
    }

    /**
     * A caller rings a victim 25 times, the victim answering every other call and otherwise only ringing, and each
     * time the victim's connection closes mid-call before the caller hangs up. Whatever the close handling does, the
     * victim is forgotten each time: the figures come back, all 8 connections a user may hold get in again, and the
     * victim goes offline after the presence grace. The limits of spec item 5 allow 20 accepted offers a minute to
     * one callee, so the last 5 may be {@code rate_limited}.
     */
    @Test
    void aVictimCalledAndDroppedManyTimesIsForgottenAndCanComeBack() {
        String tag = Probes.tag();
        String victim = "victim-" + tag;
        try (TestClient caller = device("caller-" + tag)) {
            JsonObject before = new ServerView(api).stats();
            for (int i = 0; i < 25; i++) {
                String callId = "loop-" + tag + "-" + i;
                try (TestClient callee = device(victim)) {
                    caller.send(offer("o" + i, callId, victim));
                    JsonObject offered = Probes.answerTo(caller, "o" + i);
                    assertNotNull(offered, "the caller's connection closed");
                    if ("ack".equals(offered.getString("type"))) {
                        callee.await(f -> "video:incoming-call".equals(f.getString("event", null))
                                && callId.equals(f.getJsonObject("data").getString("callId", null)));
                        if (i % 2 == 0) {
                            callee.send(verb("video:answer", "a" + i, callId, "\"answer\":\"v=0\""));
                            JsonObject answered = Probes.answerTo(callee, "a" + i);
                            assertNotNull(answered, "the callee's connection closed");
                            assertEquals("ack", answered.getString("type"), answered::toString);
                            caller.await(f -> "video:answer".equals(f.getString("event", null))
                                    && callId.equals(f.getJsonObject("data").getString("callId", null)));
                        }
                    } else {
                        int call = i;
                        assertEquals("rate_limited", offered.getString("code", null), offered::toString);
                        assertTrue(call >= 20, () -> "offer " + call + " refused, within the 20 a minute: " + offered);
                    }
                }
                caller.send(verb("video:end", "e" + i, callId, null));
                JsonObject ended = Probes.answerTo(caller, "e" + i);
                assertNotNull(ended, "the caller's connection closed");
                assertTrue(
                        "ack".equals(ended.getString("type")) || "forbidden".equals(ended.getString("code", null)),
                        () -> "ending a call the callee left: " + ended);
            }

            new ServerView(api).awaitBackTo(before, "connections", "users");
            List<TestClient> devices = new ArrayList<>();
            try {
                for (int d = 1; d <= 8; d++) {
                    TestClient device = TestClient.open(
                            Probes.withToken(api, "video-calls", Tokens.hs256(victim)),
                            ClientEndpointConfig.Builder.create().build());
                    devices.add(device);
                    JsonObject connected = device.awaitFrameOrClose();
                    int number = d;
                    assertNotNull(connected, () -> "the victim's connection " + number + " of 8 was closed at once");
                    assertEquals("connected", connected.getString("type"), connected::toString);
                    assertEquals(victim, connected.getString("user"));
                }
                assertTrue(presence(victim).getBoolean("online"), "online while connected");
            } finally {
                devices.forEach(TestClient::close);
            }
        }
        Probes.awaitTrue(
                "the victim offline after the presence grace",
                () -> !presence(victim).getBoolean("online"));
    }

    private TestClient device(String user) {
        TestClient client = TestClient.connect(Probes.withToken(api, "video-calls", Tokens.hs256(user)));
        client.awaitType("subscribed"); // to its calls channel, by the server
        return client;
    }

    private JsonObject presence(String user) {
        HttpResponse<String> response =
                api.get("api/users/" + Probes.segment(user) + "/presence", "X-API-Key", Api.KEY);
        assertEquals(200, response.statusCode(), response::body);
        return Api.json(response.body());
    }

    private static String offer(String id, String callId, String to) {
        return "{\"type\":\"video:offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"toUserId\":"
                + JSON.createValue(to) + ",\"offer\":" + OFFER + "}";
    }

    private static String verb(String type, String id, String callId, String extra) {
        return "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\""
                + (extra == null ? "" : "," + extra) + "}";
    }

    private static String authenticate(String id, String token) {
        return JSON.createObjectBuilder()
                .add("type", "authenticate")
                .add("id", id)
                .add("token", token)
                .build()
                .toString();
    }

    /** Reads up to the server's close and returns its code; only {@code connected} or an error may come first. */
    private static int closeCode(RawClient client, String sub) throws IOException {
        for (RawClient.Frame frame = client.read(); frame != null; frame = client.read()) {
            if (frame.opcode() == RawClient.Frame.CLOSE) {
                return frame.closeCode();
            }
            if (frame.opcode() == RawClient.Frame.TEXT) {
                String text = frame.text();
                String type = Api.json(text).getString("type", "");
                assertTrue(
                        type.equals("connected") || type.equals("error"),
                        () -> "sub " + sub + ": " + text + " before the close");
            }
        }
        return fail("sub " + sub + ": the connection ended without a close frame");
    }

    /** The next text frame, skipping the server's pings; fails at a close. */
    private static String nextText(RawClient client) throws IOException {
        for (RawClient.Frame frame = client.read(); frame != null; frame = client.read()) {
            if (frame.opcode() == RawClient.Frame.TEXT) {
                return frame.text();
            }
            int code = frame.closeCode();
            assertTrue(frame.opcode() != RawClient.Frame.CLOSE, () -> "closed with " + code);
        }
        return fail("the connection ended");
    }

    /** The first frame carrying this id. */
    private static JsonObject answerTo(RawClient client, String id) throws IOException {
        while (true) {
            JsonObject frame = Api.json(nextText(client));
            if (id.equals(frame.getString("id", null))) {
                return frame;
            }
        }
    }
}
