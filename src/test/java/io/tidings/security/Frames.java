package io.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.support.TestClient;
import jakarta.json.JsonObject;

/** Reading the frames the tests wait for. */
final class Frames {

    private Frames() {}

    /**
     * The answer to the client's frame with this id (unique per client in a test), whether an earlier wait already
     * passed over it (an ack may come before or after the event the same frame caused) or it is still to come.
     */
    static JsonObject answerTo(TestClient client, String id) {
        for (JsonObject frame : client.seen()) {
            if (id.equals(frame.getString("id", null))) {
                return frame;
            }
        }
        return client.await(f -> id.equals(f.getString("id", null)));
    }

    /** An event of that name on that channel. */
    static boolean isEvent(JsonObject frame, String channel, String event) {
        return "event".equals(frame.getString("type", null))
                && channel.equals(frame.getString("channel", null))
                && event.equals(frame.getString("event", null));
    }

    static void assertAck(JsonObject answer, String what) {
        assertEquals("ack", answer.getString("type", null), () -> what + " answered " + answer);
    }

    /** An {@code error} with this code that carries the refused frame's id. */
    static void assertRefused(JsonObject answer, String id, String code, String what) {
        assertEquals("error", answer.getString("type", null), () -> what + " answered " + answer);
        assertEquals(code, answer.getString("code", null), () -> what + " answered " + answer);
        assertEquals(id, answer.getString("id", null), () -> what + ": the refusal carries the frame's id: " + answer);
    }
}
