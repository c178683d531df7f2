package io.tidings.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.MessageWebhook;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /messaging} with real clients, and the backend's webhook in the test (arquillian.xml points there). */
class MessagingIT extends TidingsIT {

    private static MessageWebhook webhook;

    @BeforeAll
    static void startWebhook() throws Exception {
        webhook = new MessageWebhook();
    }

    @AfterAll
    static void stopWebhook() {
        webhook.close();
    }

    @Test
    void aMessageReachesEveryMemberInOrderAndTheSenderGetsItsAck() {
        Conversation c = new Conversation();
        try (TestClient a = c.join("a");
                TestClient b = c.join("b");
                TestClient other = c.join("c")) {
            for (int i = 1; i <= 5; i++) {
                a.send(send("m" + i, c.id, "hello " + i));
            }
            for (int i = 1; i <= 5; i++) {
                String id = "m" + i;
                assertEquals(
                        "ack", a.await(f -> id.equals(f.getString("id", null))).getString("type"));
            }
            for (TestClient member : List.of(b, other)) {
                for (int i = 1; i <= 5; i++) {
                    JsonObject event = member.awaitEvent(c.channel());
                    assertEquals("message", event.getString("event"));
                    JsonObject data = event.getJsonObject("data");
                    assertEquals("hello " + i, data.getString("content"), "in the order sent");
                    assertEquals(c.id, data.getString("conversationId"));
                    assertEquals(c.user("a"), data.getString("senderId"));
                    assertEquals("text", data.getString("messageType"));
                    assertFalse(data.getString("messageId").isEmpty());
                    assertTrue(data.getJsonNumber("sentAt").longValue() > 0);
                }
            }
            JsonObject handedOn = webhook.received().stream()
                    .filter(m -> c.id.equals(m.getString("conversationId")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(c.user("a"), handedOn.getString("senderId"));
        }
    }

    @Test
    void typingAndReadReceiptsReachTheOthersButNeverTheSender() {
        Conversation c = new Conversation();
        try (TestClient a = c.join("a");
                TestClient aSecondTab = c.join("a");
                TestClient b = c.join("b")) {
            a.send("{\"type\":\"typing\",\"id\":\"t1\",\"conversationId\":\"" + c.id + "\",\"typing\":true}");
            assertEquals(
                    "ack", a.await(f -> "t1".equals(f.getString("id", null))).getString("type"));
            JsonObject typing = b.awaitEvent(c.channel());
            assertEquals("typing", typing.getString("event"));
            assertEquals(c.user("a"), typing.getJsonObject("data").getString("userId"));
            assertTrue(typing.getJsonObject("data").getBoolean("typing"));
            assertFalse(typing.containsKey("offset"), "ephemeral: no offset used up");

            a.send("{\"type\":\"read\",\"id\":\"r1\",\"conversationId\":\"" + c.id + "\",\"messageId\":\"x-1\"}");
            JsonObject receipt = b.awaitEvent(c.channel());
            assertEquals("read_receipt", receipt.getString("event"));
            assertEquals("x-1", receipt.getJsonObject("data").getString("messageId"));

            a.send(send("after", c.id, "hello"));
            for (TestClient tab : List.of(a, aSecondTab)) {
                assertEquals(
                        "message", tab.awaitEvent(c.channel()).getString("event"), "the next event is the message");
                assertTrue(
                        tab.seen().stream()
                                .noneMatch(f ->
                                        "event".equals(f.getString("type")) && !"message".equals(f.getString("event"))),
                        "the sender saw no typing and no receipt of its own: " + tab.seen());
            }
        }
    }

    @Test
    void aNonMemberMayNeitherSubscribeNorSend() {
        Conversation c = new Conversation();
        try (TestClient stranger = TestClient.connect(c.uri("stranger"))) {
            stranger.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"channel\":\"" + c.channel() + "\"}");
            assertEquals("forbidden", stranger.awaitType("error").getString("code"));
            stranger.send(send("m1", c.id, "let me in"));
            JsonObject error = stranger.awaitType("error");
            assertEquals("forbidden", error.getString("code"));
            assertEquals("m1", error.getString("id"));
        }
    }

    @Test
    void aMemberTakenOutIsUnsubscribedAtOnceAndGetsNothingMore() {
        Conversation c = new Conversation();
        try (TestClient a = c.join("a");
                TestClient b = c.join("b");
                TestClient other = c.join("c")) {
            api.setMembers(c.id, c.user("a"), c.user("c"));
            JsonObject unsubscribed = b.awaitType("unsubscribed");
            assertEquals(c.channel(), unsubscribed.getString("channel"));
            a.send(send("m1", c.id, "b is gone"));
            assertEquals(
                    "b is gone",
                    other.awaitEvent(c.channel()).getJsonObject("data").getString("content"));
            b.sendFields("type", "ping", "id", "p");
            b.awaitType("pong");
            assertTrue(b.seen().stream().noneMatch(f -> "event".equals(f.getString("type"))), "nothing after");
            b.send(send("m2", c.id, "still here?"));
            assertEquals("forbidden", b.awaitType("error").getString("code"));
        }
    }

    @Test
    void deletingAConversationEndsEverySubscription() {
        Conversation c = new Conversation();
        try (TestClient a = c.join("a")) {
            var deleted = api.request("DELETE", "api/conversations/" + c.id, null, "X-API-Key", Api.KEY);
            assertEquals(200, deleted.statusCode(), deleted.body());
            assertEquals(c.channel(), a.awaitType("unsubscribed").getString("channel"));
            var again = api.request("DELETE", "api/conversations/" + c.id, null, "X-API-Key", Api.KEY);
            assertEquals(404, again.statusCode());
        }
    }

    @Test
    void theWebhookMayChangeOrRefuseAMessageAndAnUnansweredOneFailsTheSend() {
        Conversation c = new Conversation();
        try (TestClient a = c.join("a");
                TestClient b = c.join("b")) {
            a.send(send("m1", c.id, "change me"));
            JsonObject changed = b.awaitEvent(c.channel()).getJsonObject("data");
            assertEquals("changed", changed.getString("content"));
            assertTrue(changed.getString("messageId").startsWith("backend-"), changed::toString);

            a.send(send("m2", c.id, "refuse me"));
            JsonObject refused = a.await(f -> "m2".equals(f.getString("id", null)));
            assertEquals("error", refused.getString("type"));
            assertEquals("forbidden", refused.getString("code"));
            assertEquals("not in this conversation, says the backend", refused.getString("message"));

            a.send(send("m3", c.id, "slow one"));
            JsonObject timedOut = a.await(f -> "m3".equals(f.getString("id", null)));
            assertEquals("error", timedOut.getString("type"));
            assertEquals("internal", timedOut.getString("code"));

            a.send(send("m4", c.id, "fine again"));
            assertEquals(
                    "fine again",
                    b.awaitEvent(c.channel()).getJsonObject("data").getString("content"));
        }
    }

    @Test
    void invalidMessagesAreBadRequests() {
        Conversation c = new Conversation();
        try (TestClient a = c.join("a")) {
            a.send("{\"type\":\"message:send\",\"id\":\"m1\",\"conversationId\":\"" + c.id
                    + "\",\"content\":\"x\",\"messageType\":\"virus\"}");
            assertEquals("bad_request", a.awaitType("error").getString("code"));
            a.send(send("m2", c.id, "x".repeat(4001)));
            assertEquals("bad_request", a.awaitType("error").getString("code"));
            a.send(send("m3", c.id, ""));
            assertEquals("bad_request", a.awaitType("error").getString("code"));
        }
    }

    private static String send(String id, String conversationId, String content) {
        return "{\"type\":\"message:send\",\"id\":\"" + id + "\",\"conversationId\":\"" + conversationId
                + "\",\"content\":\"" + content + "\",\"messageType\":\"text\"}";
    }

    /** A conversation of its own per test, whose members are a, b and c with unique user ids. */
    private final class Conversation {
        final String id = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

        Conversation() {
            api.setMembers(
                    id,
                    IntStream.of('a', 'b', 'c')
                            .mapToObj(m -> user(String.valueOf((char) m)))
                            .toArray(String[]::new));
        }

        String user(String name) {
            return name + "-" + id;
        }

        String channel() {
            return "conversation:" + id;
        }

        URI uri(String name) {
            return URI.create(api.ws("messaging") + "?token=" + Tokens.hs256(user(name)));
        }

        /** Connected as that member and subscribed to the conversation. */
        TestClient join(String name) {
            TestClient client = TestClient.connect(uri(name));
            client.subscribe(channel());
            return client;
        }
    }
}
