package io.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may run which verb: a connection without a user on {@code /messaging}, {@code /notifications}, {@code
 * /video-calls} and {@code /admin} may only authenticate and ping; everything else it sends is {@code unauthorized},
 * decided before its fields are read. On {@code /admin} that is what keeps an anonymous socket from closing other
 * users' connections. The test servers close such a connection after 2 s (arquillian.xml), so each test is quick.
 */
class VerbAuthorizationIT extends TidingsIT {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Test
    void anAnonymousAdminConnectionCannotDisconnectAnyone() {
        String bob = "bob-" + Probes.tag();
        try (TestClient bobWs = TestClient.connect(Probes.withToken(api, "ws", Tokens.hs256(bob)));
                TestClient bobNotifications =
                        TestClient.connect(Probes.withToken(api, "notifications", Tokens.hs256(bob)));
                TestClient anonymous = TestClient.connect(api.ws("admin"))) {
            assertTrue(anonymous.seen().get(0).isNull("user"), () -> "anonymous: " + anonymous.seen());

            anonymous.send(disconnect("q4", bob));
            Probes.assertRefused(anonymous, "q4", "unauthorized");

            Probes.assertAnswersPing(bobWs, "bob-ws-alive");
            Probes.assertAnswersPing(bobNotifications, "bob-notifications-alive");
            assertEquals(
                    4001,
                    anonymous.awaitClose().getCloseCode().getCode(),
                    "an anonymous /admin connection is closed at the auth timeout");
        }
    }

    @Test
    void aUserRefusedOnAdminStaysAnonymousAndCannotDisconnectAnyone() {
        String tag = Probes.tag();
        String bob = "bob-" + tag;
        try (TestClient bobWs = TestClient.connect(Probes.withToken(api, "ws", Tokens.hs256(bob)));
                TestClient bobNotifications =
                        TestClient.connect(Probes.withToken(api, "notifications", Tokens.hs256(bob)));
                TestClient mallory = TestClient.connect(api.ws("admin"))) {
            mallory.sendFields("type", "authenticate", "id", "au1", "token", Tokens.hs256("mallory-" + tag));
            Probes.assertRefused(mallory, "au1", "forbidden");

            mallory.send(disconnect("q4", bob));
            Probes.assertRefused(mallory, "q4", "unauthorized");

            Probes.assertAnswersPing(bobWs, "bob-ws-alive");
            Probes.assertAnswersPing(bobNotifications, "bob-notifications-alive");
            assertEquals(
                    4001,
                    mallory.awaitClose().getCloseCode().getCode(),
                    "still anonymous after the refused authenticate: closed at the auth timeout");
        }
    }

    @Test
    void anAdminDisconnectsEveryConnectionOfTheUserWith4011() {
        String bob = "bob-" + Probes.tag();
        try (TestClient bobWs = TestClient.connect(Probes.withToken(api, "ws", Tokens.hs256(bob)));
                TestClient bobNotifications =
                        TestClient.connect(Probes.withToken(api, "notifications", Tokens.hs256(bob)));
                TestClient admin = TestClient.connect(Probes.withToken(api, "admin", Tokens.hs256("root", "admin")))) {
            admin.send(disconnect("q5", bob));
            JsonObject answer = Probes.answerTo(admin, "q5");
            assertNotNull(answer, () -> "the admin's connection closed; seen: " + admin.seen());
            assertEquals("ack", answer.getString("type"), answer::toString);

            assertEquals(4011, bobWs.awaitClose().getCloseCode().getCode());
            assertEquals(4011, bobNotifications.awaitClose().getCloseCode().getCode());
            Probes.assertAnswersPing(admin, "admin-alive");
        }
    }

    @ParameterizedTest(name = "/{0}")
    @ValueSource(strings = {"messaging", "notifications", "video-calls", "admin"})
    void everyVerbButAuthenticateAndPingIsUnauthorizedWithoutAUserWhateverItsFields(String namespace) {
        String tag = Probes.tag();
        double internalBefore = new ServerView(api).errorsSent("internal");
        Map<String, String> frames = framesOf(namespace, tag);
        List<String> notUnauthorized = new ArrayList<>();
        try (TestClient anonymous = TestClient.connect(api.ws(namespace))) {
            assertTrue(anonymous.seen().get(0).isNull("user"), () -> "anonymous: " + anonymous.seen());
            for (Map.Entry<String, String> frame : frames.entrySet()) {
                anonymous.send(frame.getValue());
                JsonObject answer = Probes.answerTo(anonymous, frame.getKey());
                if (answer == null) {
                    fail("closed instead of answering " + frame.getValue() + "; wrong answers before: "
                            + notUnauthorized);
                }
                if (!"error".equals(answer.getString("type", null))
                        || !"unauthorized".equals(answer.getString("code", null))) {
                    notUnauthorized.add(frame.getValue() + " -> " + answer);
                }
            }
            Probes.assertAnswersPing(anonymous, "still-answered");
        }
        assertEquals(List.of(), notUnauthorized, "every frame here needs a user, and is refused before it is read");
        assertEquals(
                internalBefore,
                new ServerView(api).errorsSent("internal"),
                "tidings_errors_total{code=\"internal\"} grew");
    }

    /**
     * Frames by id: the core verbs that need a user, and each verb of the namespace, once complete and once without
     * its fields (or with fields of the wrong type), so that only an authorization check made first refuses them all
     * alike.
     */
    private static Map<String, String> framesOf(String namespace, String tag) {
        String channel = switch (namespace) {
            case "messaging" -> "conversation:c-" + tag;
            case "notifications" -> "user:nobody-" + tag + ":notifications";
            case "video-calls" -> "user:nobody-" + tag + ":calls";
            default -> "monitor:stats";
        };
        String call = "call-" + tag;
        JsonObject offer = JSON.createObjectBuilder()
                .add("type", "offer")
                .add("sdp", "v=0")
                .build();
        Frames frames = new Frames();
        frames.add("subscribe", "channel", channel);
        frames.add("subscribe");
        frames.add("subscribe", "channel", 42);
        frames.add("subscribe", "channel", "a::b");
        frames.add("unsubscribe", "channel", channel);
        frames.add("unsubscribe");
        frames.add("publish", "channel", channel, "event", "e", "data", JsonValue.EMPTY_JSON_OBJECT);
        frames.add("publish");
        switch (namespace) {
            case "messaging" -> {
                String conversation = "c-" + tag;
                frames.add("message:send", "conversationId", conversation, "content", "hi", "messageType", "text");
                frames.add("message:send");
                frames.add("typing", "conversationId", conversation, "typing", true);
                frames.add("typing");
                frames.add("typing", "conversationId", 42, "typing", "yes");
                frames.add("read", "conversationId", conversation, "messageId", "m1");
                frames.add("read");
            }
            case "notifications" -> {
                frames.add("notification:read", "notificationId", "n1");
                frames.add("notification:read");
                frames.add("notification:read", "notificationId", 42);
                frames.add("notification:read-all");
            }
            case "video-calls" -> {
                frames.add("video:offer", "callId", call, "toUserId", "peer-" + tag, "offer", offer);
                frames.add("video:offer");
                frames.add("video:offer", "callId", call, "toUserId", "x:y", "offer", offer);
                frames.add("video:answer", "callId", call, "answer", "v=0");
                frames.add("video:answer");
                frames.add("video:ice-candidate", "callId", call, "candidate", offer);
                frames.add("video:ice-candidate");
                frames.add("video:reject", "callId", call);
                frames.add("video:reject");
                frames.add("video:end", "callId", call);
                frames.add("video:end");
            }
            default -> {
                frames.add("admin:disconnect", "userId", "nobody-" + tag);
                frames.add("admin:disconnect");
                frames.add("admin:disconnect", "userId", 42);
            }
        }
        return frames.byId;
    }

    private static String disconnect(String id, String user) {
        return JSON.createObjectBuilder()
                .add("type", "admin:disconnect")
                .add("id", id)
                .add("userId", user)
                .build()
                .toString();
    }

    /** Frames with ids of their own, in the order added. */
    private static final class Frames {
        final Map<String, String> byId = new LinkedHashMap<>();

        /** A frame of this type with fields given as alternating names and values (strings, numbers, booleans, JSON). */
        void add(String type, Object... fieldsAndValues) {
            String id = "f" + (byId.size() + 1);
            JsonObjectBuilder frame =
                    JSON.createObjectBuilder().add("type", type).add("id", id);
            for (int i = 0; i < fieldsAndValues.length; i += 2) {
                String name = (String) fieldsAndValues[i];
                Object value = fieldsAndValues[i + 1];
                if (value instanceof String text) {
                    frame.add(name, text);
                } else if (value instanceof Integer number) {
                    frame.add(name, number);
                } else if (value instanceof Boolean flag) {
                    frame.add(name, flag);
                } else {
                    frame.add(name, (JsonValue) value);
                }
            }
            byId.put(id, frame.build().toString());
        }
    }
}
