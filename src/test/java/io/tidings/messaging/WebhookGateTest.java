package io.tidings.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidings.webhook.Webhook;
import org.junit.jupiter.api.Test;

class WebhookGateTest {

    private static final MessageDraft DRAFT = new MessageDraft("c1", "alice", "hello", "text", 1);

    @Test
    void aTwoHundredWithoutBodyAcceptsTheMessageAsSent() {
        var accepted = assertInstanceOf(
                MessageVerdict.Accepted.class, WebhookGate.verdict(new Webhook.Answer(204, ""), DRAFT));
        assertEquals("hello", accepted.content());
        assertFalse(accepted.messageId().isEmpty());
    }

    @Test
    void theBackendMayAssignTheIdAndChangeTheContent() {
        var accepted = assertInstanceOf(
                MessageVerdict.Accepted.class,
                WebhookGate.verdict(new Webhook.Answer(200, "{\"messageId\":\"m-9\",\"content\":\"hi\"}"), DRAFT));
        assertEquals("m-9", accepted.messageId());
        assertEquals("hi", accepted.content());
    }

    @Test
    void aClientErrorRefusesWithTheBackendsReasonOrAPlainOne() {
        var refused = assertInstanceOf(
                MessageVerdict.Refused.class,
                WebhookGate.verdict(new Webhook.Answer(403, "{\"message\":\"blocked\"}"), DRAFT));
        assertEquals("blocked", refused.reason());
        var plain = assertInstanceOf(
                MessageVerdict.Refused.class, WebhookGate.verdict(new Webhook.Answer(422, "<html>no</html>"), DRAFT));
        assertEquals("refused by the application", plain.reason());
    }

    @Test
    void aMessageIdOutOfBoundsIsTheBackendsError() {
        String tooLong = "x".repeat(129);
        assertThrows(
                IllegalStateException.class,
                () -> WebhookGate.verdict(new Webhook.Answer(200, "{\"messageId\":\"" + tooLong + "\"}"), DRAFT));
    }
}
