package io.tidings.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.MessageWebhook;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /notifications}: subscribed by itself, and every tab of a user shows the same unread count. */
class NotificationsIT extends TidingsIT {

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
    void everyTabOfAUserShowsTheSameUnreadCountAfterPublishesAndReads() {
        String user = "reader-" + UUID.randomUUID();
        String channel = "user:" + user + ":notifications";
        try (TestClient tab = TestClient.connect(uri(user));
                TestClient otherTab = TestClient.connect(uri(user));
                TestClient someoneElse = TestClient.connect(uri("other-" + user))) {
            for (TestClient client : List.of(tab, otherTab)) {
                assertEquals(channel, client.awaitType("subscribed").getString("channel"), "subscribed by itself");
                assertEquals(0, unreadCount(client));
            }
            api.publish(channel, "notification", notification("n1"));
            api.publish(channel, "notification", notification("n2"));
            for (TestClient client : List.of(tab, otherTab)) {
                JsonObject first = client.awaitEvent(channel);
                assertEquals("notification", first.getString("event"));
                assertEquals("n1", first.getJsonObject("data").getString("notificationId"));
                assertEquals(1, unreadCount(client));
                assertEquals(2, unreadCount(client));
            }

            tab.sendFields("type", "notification:read", "id", "r1", "notificationId", "n1");
            // the ack and the new count travel apart (docs/protocol.md): either may come first
            JsonObject[] ackAndCount = {null, null};
            while (ackAndCount[0] == null || ackAndCount[1] == null) {
                JsonObject frame = tab.await(
                        f -> "r1".equals(f.getString("id", null)) || "unread_count".equals(f.getString("event", null)));
                ackAndCount["r1".equals(frame.getString("id", null)) ? 0 : 1] = frame;
            }
            assertEquals("ack", ackAndCount[0].getString("type"));
            assertEquals(1, ackAndCount[1].getJsonObject("data").getInt("count"));
            assertEquals(1, unreadCount(otherTab), "the other tab agrees");

            otherTab.sendFields("type", "notification:read-all", "id", "r2");
            assertEquals(0, unreadCount(tab));
            assertEquals(0, unreadCount(otherTab));

            long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
            while (webhook.reads().stream()
                            .filter(r -> user.equals(r.getString("userId")))
                            .count()
                    < 2) {
                assertTrue(System.nanoTime() < deadline, "both reads handed to the backend: " + webhook.reads());
                Thread.onSpinWait();
            }
            List<JsonObject> handedOn = webhook.reads().stream()
                    .filter(r -> user.equals(r.getString("userId")))
                    .toList(); // posted asynchronously: in either order
            assertTrue(
                    handedOn.stream()
                            .anyMatch(r -> !r.isNull("notificationId") && "n1".equals(r.getString("notificationId"))),
                    handedOn::toString);
            assertTrue(handedOn.stream().anyMatch(r -> r.isNull("notificationId")), "read-all has no id");

            someoneElse.sendFields("type", "ping", "id", "p");
            someoneElse.await(f -> "p".equals(f.getString("id", null)));
            assertTrue(
                    someoneElse.seen().stream().noneMatch(f -> channel.equals(f.getString("channel", null))),
                    "another user sees none of it");
        }
    }

    @Test
    void aConnectionThatAuthenticatesLaterIsSubscribedThenAndSeesTheCount() {
        String user = "late-" + UUID.randomUUID();
        String channel = "user:" + user + ":notifications";
        api.publish(channel, "notification", notification("n1"));
        try (TestClient client = TestClient.connect(api.ws("notifications"))) {
            client.sendFields("type", "authenticate", "id", "a1", "token", Tokens.hs256(user));
            client.awaitType("authenticated");
            JsonObject subscribed = client.awaitType("subscribed");
            assertEquals(channel, subscribed.getString("channel"));
            assertFalse(subscribed.containsKey("id"), "nobody asked for it");
            assertEquals(1, unreadCount(client), "the count kept while the user was away");
        }
    }

    @Test
    void anotherUsersNotificationChannelIsForbidden() {
        try (TestClient client = TestClient.connect(uri("me-" + UUID.randomUUID()))) {
            client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"channel\":\"user:someone:notifications\"}");
            assertEquals("forbidden", client.awaitType("error").getString("code"));
        }
    }

    private URI uri(String user) {
        return URI.create(api.ws("notifications") + "?token=" + Tokens.hs256(user));
    }

    private static int unreadCount(TestClient client) {
        JsonObject event = client.await(f -> "unread_count".equals(f.getString("event", null)));
        assertFalse(event.containsKey("offset"), "ephemeral");
        return event.getJsonObject("data").getInt("count");
    }

    private static JsonObject notification(String id) {
        return Json.createObjectBuilder()
                .add("notificationId", id)
                .add("title", "Deposit confirmed")
                .build();
    }
}
