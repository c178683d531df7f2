package io.tidings.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /video-calls} between real clients; the test servers ring for 2 seconds (arquillian.xml). */
class CallsIT extends TidingsIT {

    private static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0 o=- 1 2 IN IP4 127.0.0.1\"}";

    @Test
    void signalingFlowsBetweenTheTwoPartiesAndAnyoneElseIsForbidden() {
        Parties p = new Parties();
        try (TestClient a = p.device("a");
                TestClient b = p.device("b");
                TestClient c = p.device("c")) {
            a.send(offer("o1", p.callId, p.user("b")));
            assertEquals(
                    "ack", a.await(f -> "o1".equals(f.getString("id", null))).getString("type"));
            JsonObject incoming = b.await(f -> "video:incoming-call".equals(f.getString("event", null)));
            assertEquals(p.channel("b"), incoming.getString("channel"));
            assertEquals(p.user("a"), incoming.getJsonObject("data").getString("fromUserId"));
            assertEquals(
                    "offer",
                    incoming.getJsonObject("data").getJsonObject("offer").getString("type"));

            b.send(verb("video:answer", "a1", p.callId, "\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\"}"));
            JsonObject answer = a.await(f -> "video:answer".equals(f.getString("event", null)));
            assertEquals(p.user("b"), answer.getJsonObject("data").getString("fromUserId"));

            a.send(verb("video:ice-candidate", "i1", p.callId, "\"candidate\":{\"candidate\":\"from-a\"}"));
            assertEquals(
                    "from-a",
                    b.await(f -> "video:ice-candidate".equals(f.getString("event", null)))
                            .getJsonObject("data")
                            .getJsonObject("candidate")
                            .getString("candidate"));
            b.send(verb("video:ice-candidate", "i2", p.callId, "\"candidate\":{\"candidate\":\"from-b\"}"));
            assertEquals(
                    "from-b",
                    a.await(f -> "video:ice-candidate".equals(f.getString("event", null)))
                            .getJsonObject("data")
                            .getJsonObject("candidate")
                            .getString("candidate"));

            c.send(verb("video:ice-candidate", "evil", p.callId, "\"candidate\":{\"candidate\":\"from-c\"}"));
            JsonObject refused = c.await(f -> "evil".equals(f.getString("id", null)));
            assertEquals("forbidden", refused.getString("code"));
            a.send(verb("video:end", "e1", p.callId, null));
            JsonObject end = b.await(f -> "video:end".equals(f.getString("event", null)));
            assertEquals("hung_up", end.getJsonObject("data").getString("reason"));
            assertTrue(b.seen().stream().noneMatch(f -> f.toString().contains("from-c")), "nothing of c's arrived");
        }
    }

    @Test
    void everyDeviceOfTheCalleeRingsAndTheFirstToAnswerTakesTheCall() {
        Parties p = new Parties();
        try (TestClient a = p.device("a");
                TestClient phone = p.device("b");
                TestClient laptop = p.device("b")) {
            a.send(offer("o1", p.callId, p.user("b")));
            phone.await(f -> "video:incoming-call".equals(f.getString("event", null)));
            laptop.await(f -> "video:incoming-call".equals(f.getString("event", null)));
            phone.send(verb("video:answer", "a1", p.callId, "\"answer\":\"v=0\""));
            assertEquals(
                    "ack",
                    phone.await(f -> "a1".equals(f.getString("id", null))).getString("type"));
            a.await(f -> "video:answer".equals(f.getString("event", null)));
            JsonObject end = laptop.await(f -> "video:end".equals(f.getString("event", null)));
            assertEquals("answered_elsewhere", end.getJsonObject("data").getString("reason"));
            laptop.send(verb("video:answer", "a2", p.callId, "\"answer\":\"v=0\""));
            assertEquals(
                    "forbidden",
                    laptop.await(f -> "a2".equals(f.getString("id", null))).getString("code"));
            assertTrue(
                    phone.seen().stream().noneMatch(f -> "video:end".equals(f.getString("event", null))),
                    "the device that answered keeps the call");
        }
    }

    @Test
    void anUnansweredCallIsMissedOnBothSides() {
        Parties p = new Parties();
        try (TestClient a = p.device("a");
                TestClient b = p.device("b")) {
            a.send(offer("o1", p.callId, p.user("b")));
            b.await(f -> "video:incoming-call".equals(f.getString("event", null)));
            for (TestClient party : new TestClient[] {a, b}) {
                JsonObject missed = party.await(f -> "video:missed".equals(f.getString("event", null)));
                assertEquals(p.callId, missed.getJsonObject("data").getString("callId"));
            }
            b.send(verb("video:answer", "late", p.callId, "\"answer\":\"v=0\""));
            assertEquals(
                    "forbidden",
                    b.await(f -> "late".equals(f.getString("id", null))).getString("code"));
        }
    }

    @Test
    void aPartyWhoseLastConnectionClosesEndsTheCall() {
        Parties p = new Parties();
        try (TestClient b = p.device("b")) {
            TestClient a = p.device("a");
            a.send(offer("o1", p.callId, p.user("b")));
            b.await(f -> "video:incoming-call".equals(f.getString("event", null)));
            b.send(verb("video:answer", "a1", p.callId, "\"answer\":\"v=0\""));
            a.await(f -> "video:answer".equals(f.getString("event", null)));
            a.close();
            JsonObject end = b.await(f -> "video:end".equals(f.getString("event", null)));
            assertEquals("disconnected", end.getJsonObject("data").getString("reason"));
            assertEquals(p.user("a"), end.getJsonObject("data").getString("fromUserId"));
        }
    }

    @Test
    void aCalleeDeviceThatConnectsWhileItRingsGetsTheCallAndTheCalleeMayReject() {
        Parties p = new Parties();
        try (TestClient a = p.device("a")) {
            a.send(offer("o1", p.callId, p.user("b")));
            a.await(f -> "o1".equals(f.getString("id", null)));
            try (TestClient b = p.device("b")) {
                b.await(f -> "video:incoming-call".equals(f.getString("event", null)));
                b.send(verb("video:reject", "r1", p.callId, null));
                JsonObject rejected = a.await(f -> "video:reject".equals(f.getString("event", null)));
                assertEquals(p.user("b"), rejected.getJsonObject("data").getString("fromUserId"));
            }
        }
    }

    @Test
    void oversizedSignalingIsABadRequest() {
        Parties p = new Parties();
        try (TestClient a = p.device("a")) {
            String huge = "\"" + "x".repeat(20_000) + "\"";
            a.send("{\"type\":\"video:offer\",\"id\":\"o1\",\"callId\":\"" + p.callId + "\",\"toUserId\":\""
                    + p.user("b") + "\",\"offer\":" + huge + "}");
            JsonObject error = a.await(f -> "o1".equals(f.getString("id", null)));
            assertEquals("bad_request", error.getString("code"));
            assertFalse(error.getString("message").isBlank());
        }
    }

    private static String offer(String id, String callId, String to) {
        return "{\"type\":\"video:offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"toUserId\":\"" + to
                + "\",\"offer\":" + OFFER + "}";
    }

    private static String verb(String type, String id, String callId, String extra) {
        return "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\""
                + (extra == null ? "" : "," + extra) + "}";
    }

    /** Users a, b and c with ids of their own, and one call id. */
    private final class Parties {
        final String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        final String callId = "call-" + tag;

        String user(String name) {
            return name + "-" + tag;
        }

        String channel(String name) {
            return "user:" + user(name) + ":calls";
        }

        /** Connected as that user, and subscribed (by the server) to its calls channel. */
        TestClient device(String name) {
            TestClient client =
                    TestClient.connect(URI.create(api.ws("video-calls") + "?token=" + Tokens.hs256(user(name))));
            client.awaitType("subscribed");
            return client;
        }
    }
}
