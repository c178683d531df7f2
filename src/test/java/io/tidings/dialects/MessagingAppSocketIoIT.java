package io.tidings.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.support.MessageWebhook;
import io.tidings.support.NodeScript;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code socket.io-client} runs the messaging app's client code ({@code shared/systems/messaging-app.md},
 * "Usage", in {@code messaging-app-client.mjs}) against Tidings from Node: a message, typing and a read receipt
 * between two members, a notification and its unread count, a full call between two users, and bad input.
 */
class MessagingAppSocketIoIT extends TidingsIT {

    private static final Map<String, String> WEBSOCKET = Map.of();
    private static final Map<String, String> POLLING_THEN_UPGRADE = Map.of("SIO_TRANSPORTS", "default");

    /** The backend's message webhook, which the test servers hand messages to (arquillian.xml). */
    private static MessageWebhook webhook;

    @BeforeAll
    static void harnessInstalledAndWebhookStarted() throws Exception {
        NodeScript.requireHarness("node_modules/socket.io-client", "socket.io-client");
        webhook = new MessageWebhook();
    }

    @AfterAll
    static void stopWebhook() {
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void aMessageAsTheAppSendsItReachesTheOtherMemberWithTypingAndAReadReceipt() throws Exception {
        conversationBetweenTwoMembers(WEBSOCKET);
    }

    @Test
    void overTheClientsDefaultTransportsTheConversationWorksAlike() throws Exception {
        conversationBetweenTwoMembers(POLLING_THEN_UPGRADE);
    }

    private void conversationBetweenTwoMembers(Map<String, String> transports) throws Exception {
        String id = id();
        String conversation = "conv-" + id;
        api.setMembers(conversation, "ma-" + id, "mb-" + id);
        NodeScript client = NodeScript.start(
                transports,
                "messaging-app-client.mjs",
                "conversation",
                base.toString(),
                conversation,
                Tokens.hs256("ma-" + id),
                Tokens.hs256("mb-" + id));
        client.awaitAll("a joined true", "b conversation_joined " + conversation);
        client.await("b message Hello! TEXT " + conversation);
        // b's copy of the second message and the typing b answers a's acknowledgement with travel apart
        client.awaitAll(
                "a ack true string", "b message With ack TEXT " + conversation, "a user_typing true " + conversation);
        client.await("a message_read true " + conversation);
        client.await("a refused false bad_request string");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void aNotificationArrivesAsItsDataAndReadingItBringsTheUnreadCountDown() throws Exception {
        String user = "mn-" + id();
        NodeScript client = NodeScript.start(
                WEBSOCKET, "messaging-app-client.mjs", "notification", base.toString(), Tokens.hs256(user));
        client.await("unreadCount 0");
        api.publish(
                "user:" + user + ":notifications",
                "notification",
                Json.createObjectBuilder()
                        .add("notificationId", "n-1")
                        .add("title", "Session booked")
                        .build());
        client.awaitAll("notification {\"notificationId\":\"n-1\",\"title\":\"Session booked\"}", "unreadCount 1");
        client.awaitAll("read true", "unreadCount 0");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void aFullCallBetweenTwoUsersAsTheAppSignalsIt() throws Exception {
        String id = id();
        String caller = "ca-" + id;
        String callee = "ce-" + id;
        NodeScript client = NodeScript.start(
                WEBSOCKET,
                "messaging-app-client.mjs",
                "call",
                base.toString(),
                "call-" + id,
                caller,
                Tokens.hs256(caller),
                callee,
                Tokens.hs256(callee));
        // the offer's acknowledgement and the answer b sends on the incoming call travel apart
        client.awaitAll(
                "offer ack true",
                "b incoming-call call-" + id + " " + caller + " v=0 offer",
                "a answer-received call-" + id + " " + callee + " v=0 answer");
        client.await("b ice-candidate " + caller + " from-a");
        client.await("a ice-candidate " + callee + " from-b");
        client.awaitAll("end ack true", "b call-ended call-" + id + " hung_up");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void badInputIsRefusedInTheAcknowledgementAndTheClientCarriesOn() throws Exception {
        NodeScript client = NodeScript.start(
                WEBSOCKET, "messaging-app-client.mjs", "intruder", base.toString(), Tokens.hs256("mi-" + id()));
        client.await("calls refused false forbidden");
        client.await("messaging refused false forbidden");
        client.await("join refused false bad_request");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
