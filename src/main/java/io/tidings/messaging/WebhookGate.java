package io.tidings.messaging;

import io.tidings.protocol.JsonText;
import io.tidings.webhook.Webhook;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.concurrent.CompletionStage;

/**
 * The {@link MessageGate} of {@code tidings.messaging.webhook}: POSTs the draft as JSON ({@code conversationId,
 * senderId, content, messageType, sentAt}). A 2xx answer accepts it; its JSON body may give a {@code messageId} and
 * a changed {@code content}. A 4xx answer refuses it, with the body's {@code message} as the reason. Timeouts,
 * connection failures and 5xx answers are retried, then fail the send ({@code internal}).
 */
final class WebhookGate implements MessageGate {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call
    private static final int MAX_REASON = 200;
    private static final int MAX_MESSAGE_ID = 128;

    private final Webhook webhook;

    WebhookGate(Webhook webhook) {
        this.webhook = webhook;
    }

    @Override
    public CompletionStage<MessageVerdict> review(MessageDraft draft) {
        String body = JSON.createObjectBuilder()
                .add("conversationId", draft.conversationId())
                .add("senderId", draft.senderId())
                .add("content", draft.content())
                .add("messageType", draft.messageType())
                .add("sentAt", draft.sentAt())
                .build()
                .toString();
        return webhook.post(body).thenApply(answer -> verdict(answer, draft));
    }

    static MessageVerdict verdict(Webhook.Answer answer, MessageDraft draft) {
        JsonObject body = parse(answer.body());
        if (!answer.accepted()) {
            String reason = text(body, "message");
            return new MessageVerdict.Refused(
                    reason == null ? "refused by the application" : shorten(reason, MAX_REASON));
        }
        String messageId = text(body, "messageId");
        if (messageId != null && (messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID)) {
            throw new IllegalStateException("the webhook's messageId must have 1 to " + MAX_MESSAGE_ID + " characters");
        }
        String content = text(body, "content");
        return new MessageVerdict.Accepted(
                messageId != null ? messageId : MessagingVerbs.newMessageId(),
                content != null ? content : draft.content());
    }

    /** The body as JSON, or an empty object when it is empty or not a JSON object whose text is valid. */
    private static JsonObject parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try {
            return JsonText.parseObject(body);
        } catch (RuntimeException notJson) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    private static String text(JsonObject body, String field) {
        return body.get(field) instanceof JsonString s ? s.getString() : null;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
