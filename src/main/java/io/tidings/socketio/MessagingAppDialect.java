package io.tidings.socketio;

import io.tidings.messaging.Conversations;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The messaging app's event names and shapes on {@code /messaging}, {@code /notifications} and {@code /video-calls}
 * ({@code shared/systems/messaging-app.md}): what its NestJS gateways took and emitted. A channel's event comes as
 * its data alone, as those gateways emitted it, under the app's name ({@code message}, {@code user_typing}, {@code
 * message_read}, {@code unreadCount}, {@code video:incoming-call}, {@code video:answer-received}, ...); a message's
 * {@code messageType} in the app's upper case. The client's {@code message:send} with {@code messageType: "TEXT"},
 * {@code join_conversation}, {@code typing_start}/{@code typing_stop}, {@code message:read}, and the calls' {@code
 * video:*} with their {@code fromUserId}/{@code toUserId} become Tidings' verbs; any other event the default mapping.
 * An acknowledgement is {@code {success: true, ...}} or {@code {success: false, error, code, message}}.
 */
final class MessagingAppDialect extends SocketIoDialect {

    /** Tidings' event names to the app's; the others keep theirs. */
    private static final Map<String, String> EVENT_NAMES = Map.of(
            "typing", "user_typing",
            "read_receipt", "message_read",
            "unread_count", "unreadCount",
            "video:answer", "video:answer-received",
            "video:reject", "video:call-rejected",
            "video:end", "video:call-ended");

    /** The app's names of call verbs that Tidings names otherwise. */
    private static final Map<String, String> CALL_VERBS = Map.of(
            "video:end-call", "video:end",
            "video:reject-call", "video:reject");

    MessagingAppDialect(String namespace) {
        super(namespace);
    }

    @Override
    public String name() {
        return nameOf("messaging");
    }

    @Override
    protected String eventName(String event) {
        return EVENT_NAMES.getOrDefault(event, event);
    }

    @Override
    protected void envelope(StringBuilder out, String channel, String event, String data, long offset, long ts) {
        switch (event) {
            case "message" -> out.append(upperCaseType(JsonText.parseObject(data)));
            case "typing" -> {
                JsonObject typing = JsonText.parseObject(data);
                out.append(JSON.createObjectBuilder()
                        .add("userId", field(typing, "userId"))
                        .add("conversationId", field(typing, "conversationId"))
                        .add("isTyping", field(typing, "typing"))
                        .add("timestamp", ts)
                        .build());
            }
            case "read_receipt" -> {
                JsonObject read = JsonText.parseObject(data);
                out.append(JSON.createObjectBuilder()
                        .add("conversationId", field(read, "conversationId"))
                        .add("messageId", field(read, "messageId"))
                        .add("readBy", field(read, "userId"))
                        .add("readAt", ts)
                        .build());
            }
            default -> out.append(data);
        }
    }

    /** A field of data a backend may have published without it. */
    private static JsonValue field(JsonObject data, String name) {
        return data.getOrDefault(name, JsonValue.NULL);
    }

    /** The app's message types are upper case ({@code TEXT}); Tidings' are lower case. */
    private static JsonObject upperCaseType(JsonObject message) {
        if (!(message.get("messageType") instanceof JsonString type)) {
            return message;
        }
        return JSON.createObjectBuilder(message)
                .add("messageType", type.getString().toUpperCase(Locale.ROOT))
                .build();
    }

    @Override
    protected void answer(String type, long ack, JsonObject fields, Consumer<String> out) {
        String conversation = conversationOf(fields);
        if (conversation != null && ("subscribed".equals(type) || "unsubscribed".equals(type))) {
            JsonObject payload = JSON.createObjectBuilder()
                    .add("conversationId", conversation)
                    .add("timestamp", System.currentTimeMillis())
                    .build();
            out.accept(emit("subscribed".equals(type) ? "conversation_joined" : "conversation_left", payload));
            if (ack >= 0) {
                out.accept(acknowledgement(ack, type, payload));
            }
        } else if ("pong".equals(type)) {
            JsonObject payload = JSON.createObjectBuilder()
                    .add("timestamp", fields.getJsonNumber("ts"))
                    .build();
            out.accept(ack >= 0 ? acknowledgement(ack, type, payload) : emit("pong", payload));
        } else if (ack >= 0 || !"ack".equals(type)) {
            super.answer(type, ack, fields, out);
        } // an ack nobody asked for: the app's gateways said nothing
    }

    /** The conversation a {@code subscribed} or {@code unsubscribed} names, or null. */
    private static String conversationOf(JsonObject fields) {
        String channel = fields.getString("channel", "");
        return channel.startsWith("conversation:") ? channel.substring("conversation:".length()) : null;
    }

    @Override
    protected String acknowledgement(long ack, String type, JsonObject fields) {
        if (!"error".equals(type)) {
            return super.acknowledgement(ack, type, fields);
        }
        JsonObjectBuilder refusal = JSON.createObjectBuilder().add("success", false);
        fields.forEach(refusal::add);
        return acknowledgement(
                ack,
                refusal.add("error", fields.getString("message", "refused")).build());
    }

    @Override
    protected String tidingsFrame(String event, long ack, JsonObject fields, String user) {
        String id = ack >= 0 ? Long.toString(ack) : null;
        return switch (event) {
            case "message:send" -> frame(event, ack, lowerCaseType(fields)).toString();
            case "join_conversation", "leave_conversation" ->
                frame(
                                event.startsWith("join") ? "subscribe" : "unsubscribe",
                                ack,
                                Map.of(
                                        "channel",
                                        JSON.createValue(
                                                Conversations.channel(required(fields, "conversationId", id)))))
                        .toString();
            case "typing_start", "typing_stop" ->
                frame(
                                "typing",
                                ack,
                                Map.of(
                                        "conversationId",
                                        JSON.createValue(required(fields, "conversationId", id)),
                                        "typing",
                                        event.endsWith("start") ? JsonValue.TRUE : JsonValue.FALSE))
                        .toString();
            case "message:read" ->
                frame("read", ack, without(fields, "type", "id")).toString();
            case "video:offer", "video:answer", "video:ice-candidate", "video:end-call", "video:reject-call" -> {
                String from = ExchangeDialect.string(fields, "fromUserId", id);
                if (from != null && !from.equals(user)) {
                    throw new FrameException(ErrorCode.FORBIDDEN, "fromUserId must be the connection's user", id);
                }
                yield frame(CALL_VERBS.getOrDefault(event, event), ack, without(fields, "type", "id", "fromUserId"))
                        .toString();
            }
            default -> super.tidingsFrame(event, ack, fields, user);
        };
    }

    /** Tidings' message types are lower case; the app sends {@code TEXT}. */
    private static JsonObject lowerCaseType(JsonObject fields) {
        JsonObject message = without(fields, "type", "id");
        if (!(message.get("messageType") instanceof JsonString type)) {
            return message;
        }
        return JSON.createObjectBuilder(message)
                .add("messageType", type.getString().toLowerCase(Locale.ROOT))
                .build();
    }

    private static String required(JsonObject fields, String name, String id) {
        String value = ExchangeDialect.string(fields, name, id);
        if (value == null || value.isEmpty()) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "missing field: " + name, id);
        }
        return value;
    }
}
