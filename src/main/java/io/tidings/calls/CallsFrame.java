package io.tidings.calls;

import io.tidings.protocol.ClientFrame;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.Verb;
import io.tidings.protocol.VerbAccess;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.regex.Pattern;

/** The verbs only {@code /video-calls} understands. SDP and ICE candidates are relayed as the client sent them. */
public sealed interface CallsFrame extends ClientFrame {

    int MAX_SDP_CHARS = 16 * 1024;
    int MAX_CANDIDATE_CHARS = 2 * 1024;
    Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Type name to verb, for the namespace's decoder. */
    Map<String, Verb> VERBS = Map.of(
            "video:offer",
            Verb.of(
                    VerbAccess.USER,
                    (id, o) -> new Offer(
                            id,
                            callId(o, id),
                            FrameDecoder.userId(o, "toUserId", id),
                            bounded(o, "offer", MAX_SDP_CHARS, id))),
            "video:answer",
            Verb.of(VerbAccess.USER, (id, o) -> new Answer(id, callId(o, id), bounded(o, "answer", MAX_SDP_CHARS, id))),
            "video:ice-candidate",
            Verb.of(
                    VerbAccess.USER,
                    (id, o) -> new IceCandidate(id, callId(o, id), bounded(o, "candidate", MAX_CANDIDATE_CHARS, id))),
            "video:reject",
            Verb.of(VerbAccess.USER, (id, o) -> new Reject(id, callId(o, id))),
            "video:end",
            Verb.of(VerbAccess.USER, (id, o) -> new End(id, callId(o, id))));

    String callId();

    record Offer(String id, String callId, String toUserId, JsonValue offer) implements CallsFrame {}

    record Answer(String id, String callId, JsonValue answer) implements CallsFrame {}

    record IceCandidate(String id, String callId, JsonValue candidate) implements CallsFrame {}

    record Reject(String id, String callId) implements CallsFrame {}

    record End(String id, String callId) implements CallsFrame {}

    private static String callId(JsonObject frame, String id) {
        String callId = FrameDecoder.string(frame, "callId", id);
        if (!CALL_ID.matcher(callId).matches()) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "callId must be 1 to 64 of [A-Za-z0-9_.-]", id);
        }
        return callId;
    }

    /** An object or a string (SDP and candidates come as either), at most {@code max} characters as JSON. */
    private static JsonValue bounded(JsonObject frame, String field, int max, String id) {
        JsonValue value = frame.get(field);
        if (value == null
                || value.getValueType() != JsonValue.ValueType.OBJECT
                        && value.getValueType() != JsonValue.ValueType.STRING) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "field " + field + " must be an object or a string", id);
        }
        if (value.toString().length() > max) {
            throw new FrameException(ErrorCode.BAD_REQUEST, field + " is larger than " + max + " characters", id);
        }
        return value;
    }
}
