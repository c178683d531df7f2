package io.tidings.messaging;

import io.tidings.protocol.ClientFrame;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.Verb;
import io.tidings.protocol.VerbAccess;
import jakarta.json.JsonValue;
import java.util.Map;

/** The verbs only {@code /messaging} understands. */
public sealed interface MessagingFrame extends ClientFrame {

    /** Type name to verb, for the namespace's decoder. */
    Map<String, Verb> VERBS = Map.of(
            "message:send",
            Verb.of(
                    VerbAccess.USER,
                    (id, o) -> new Send(
                            id,
                            FrameDecoder.string(o, "conversationId", id),
                            FrameDecoder.string(o, "content", id),
                            o.containsKey("messageType") ? FrameDecoder.string(o, "messageType", id) : "text")),
            "typing",
            Verb.of(
                    VerbAccess.USER,
                    (id, o) -> new Typing(id, FrameDecoder.string(o, "conversationId", id), bool(o.get("typing"), id))),
            "read",
            Verb.of(
                    VerbAccess.USER,
                    (id, o) -> new Read(
                            id,
                            FrameDecoder.string(o, "conversationId", id),
                            FrameDecoder.string(o, "messageId", id))));

    String conversationId();

    /** A message for the conversation; {@code messageType} defaults to {@code text}. */
    record Send(String id, String conversationId, String content, String messageType) implements MessagingFrame {}

    record Typing(String id, String conversationId, boolean typing) implements MessagingFrame {}

    record Read(String id, String conversationId, String messageId) implements MessagingFrame {}

    private static boolean bool(JsonValue value, String id) {
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        throw new FrameException(ErrorCode.BAD_REQUEST, "field typing must be true or false", id);
    }
}
