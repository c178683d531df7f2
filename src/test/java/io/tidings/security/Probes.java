package io.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.support.Api;
import io.tidings.support.TestClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * What the security tests observe of the server from outside: its figures ({@code /api/stats}), its count of internal
 * errors ({@code /metrics}), and the answer a socket gives to one frame, told apart by the frame's id.
 */
final class Probes {

    /**
     * User ids outside the grammar {@code [A-Za-z0-9_.@=,-]{1,128}}: each breaks it in another way (a character a
     * channel or a log line gives meaning to, a space, a non-ASCII letter, one character too many).
     */
    static final List<String> INVALID_USER_IDS =
            List.of("mal+ory@evil.example", "a|b", "a b", "ü", "x:y", "a".repeat(129));

    /** How long the server may take to forget closed connections and to pass a presence grace period. */
    static final Duration SETTLE = Duration.ofSeconds(15);

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Probes() {}

    /** A suffix that makes user, conversation and call ids of one test its own. */
    static String tag() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Ids at the edges of the grammar, which must stay accepted: the longest, and every punctuation allowed. */
    static List<String> edgeUserIds(String tag) {
        String longest = ("edge-" + tag + "-").concat("x".repeat(128)).substring(0, 128);
        return List.of(longest, "p_." + tag + "@x=y,z-w");
    }

    static URI withToken(Api api, String namespace, String token) {
        return URI.create(api.ws(namespace) + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** An address behind the trusted proxy 127.0.0.2 (arquillian.xml), so failed authentications count for it alone. */
    static Map<String, String> forwardedForOwnAddress() {
        return Map.of(
                "X-Forwarded-For", "192.0.2." + (1 + ThreadLocalRandom.current().nextInt(254)));
    }

    /** Polls until the condition holds; fails after {@link #SETTLE}. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + SETTLE);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The first frame from now on that carries this id, or null when the server closed the connection before one
     * came (frames in between are kept in {@link TestClient#seen()}).
     */
    static JsonObject answerTo(TestClient client, String id) {
        for (JsonObject frame = client.awaitFrameOrClose(); frame != null; frame = client.awaitFrameOrClose()) {
            if (id.equals(frame.getString("id", null))) {
                return frame;
            }
        }
        return null;
    }

    /** Asserts the answer to the frame with this id is an error of this code. */
    static void assertRefused(TestClient client, String id, String code) {
        JsonObject answer = answerTo(client, id);
        assertNotNull(answer, () -> "closed instead of answering " + id + "; seen: " + client.seen());
        assertEquals("error", answer.getString("type", null), answer::toString);
        assertEquals(code, answer.getString("code", null), answer::toString);
    }

    /** The connection is open and working: it answers a ping with its pong, and no close came before. */
    static void assertAnswersPing(TestClient client, String id) {
        try {
            client.sendFields("type", "ping", "id", id);
        } catch (RuntimeException closed) {
            fail("the connection was closed before ping " + id, closed);
        }
        JsonObject answer = answerTo(client, id);
        assertNotNull(answer, () -> "closed instead of answering ping " + id + "; seen: " + client.seen());
        assertEquals("pong", answer.getString("type", null), answer::toString);
        assertTrue(client.isOpen(), () -> "closed after answering ping " + id);
    }

    /** The {@code code} of an HTTP error body, failing when the body is not the API's JSON error. */
    static String errorCode(HttpResponse<String> response) {
        try {
            return Api.json(response.body()).getString("code");
        } catch (RuntimeException notTheApisError) {
            return fail("not a JSON {code, message} body (" + response.statusCode() + "): " + response.body());
        }
    }

    /** A path segment carrying exactly this text: every byte outside the unreserved characters percent-encoded. */
    static String segment(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return encoded.toString();
    }
}
