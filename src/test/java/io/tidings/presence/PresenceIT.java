package io.tidings.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Presence per channel and per user; the test servers' grace period is 2 seconds (arquillian.xml). */
class PresenceIT extends TidingsIT {

    @Test
    void aPresenceChannelAnswersWithTheMembersThenJoinsAndLeaves() {
        String tag = tag();
        String channel = "trades:P" + tag;
        try (TestClient watcher = connect("watcher-" + tag);
                TestClient early = connect("early-" + tag)) {
            early.subscribe(channel);
            watcher.subscribe("presence:" + channel);
            JsonObject members = watcher.await(f -> "members".equals(f.getString("event", null)));
            assertEquals(
                    1, members.getJsonObject("data").getJsonArray("members").size());
            assertEquals(
                    "early-" + tag,
                    members.getJsonObject("data")
                            .getJsonArray("members")
                            .getJsonObject(0)
                            .getString("user"));

            try (TestClient late = connect("late-" + tag)) {
                late.subscribe(channel);
                JsonObject join = watcher.await(f -> "join".equals(f.getString("event", null)));
                assertEquals("late-" + tag, join.getJsonObject("data").getString("user"));
                JsonObject listed = Api.json(api.get("api/channels/" + channel + "/presence", "X-API-Key", Api.KEY)
                        .body());
                assertEquals(2, listed.getJsonArray("members").size(), listed::toString);
            }
            JsonObject leave = watcher.await(f -> "leave".equals(f.getString("event", null)));
            assertEquals("late-" + tag, leave.getJsonObject("data").getString("user"));
        }
    }

    @Test
    void aReconnectInsideTheGracePeriodIsNoLeaveAndNoOfflineFlap() {
        String tag = tag();
        String channel = "trades:G" + tag;
        String user = "flaky-" + tag;
        try (TestClient watcher = connect("watcher-" + tag)) {
            watcher.subscribe("presence:" + channel);
            TestClient first = connect(user);
            first.subscribe(channel);
            watcher.await(f -> "join".equals(f.getString("event", null)));
            long since = userPresence(user).getJsonNumber("since").longValue();

            first.close(); // and straight back, as a page reload does
            try (TestClient again = connect(user);
                    TestClient marker = connect("marker-" + tag)) {
                again.subscribe(channel);
                marker.subscribe(channel);
                marker.close(); // its leave comes a grace period after this, so after flaky's would have
                JsonObject next = watcher.await(f -> "leave".equals(f.getString("event", null)));
                assertEquals("marker-" + tag, next.getJsonObject("data").getString("user"), "no leave for " + user);
                assertEquals(
                        1,
                        watcher.seen().stream()
                                .filter(f -> "join".equals(f.getString("event", null)))
                                .filter(f -> user.equals(f.getJsonObject("data").getString("user")))
                                .count(),
                        "no second join for " + user);
                JsonObject presence = userPresence(user);
                assertTrue(presence.getBoolean("online"));
                assertEquals(since, presence.getJsonNumber("since").longValue(), "online without a break");
            }
            long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
            while (userPresence(user).getBoolean("online")) { // offline once the grace period has passed
                assertTrue(System.nanoTime() < deadline, "offline within the timeout");
            }
        }
    }

    @Test
    void presenceIsAllowedToThoseAllowedOnTheChannel() {
        String tag = tag();
        try (TestClient stranger = connect("stranger-" + tag)) {
            stranger.send("{\"type\":\"subscribe\",\"id\":\"p1\",\"channel\":\"presence:user:someone:orders\"}");
            assertEquals(
                    "forbidden",
                    stranger.await(f -> "p1".equals(f.getString("id", null))).getString("code"));
        }
        String conversation = "c" + tag;
        api.setMembers(conversation, "member-" + tag);
        try (TestClient member = TestClient.connect(messaging("member-" + tag));
                TestClient outsider = TestClient.connect(messaging("outsider-" + tag))) {
            member.subscribe("conversation:" + conversation);
            member.subscribe("presence:conversation:" + conversation);
            JsonObject members = member.await(f -> "members".equals(f.getString("event", null)));
            assertEquals(
                    1, members.getJsonObject("data").getJsonArray("members").size());
            outsider.send("{\"type\":\"subscribe\",\"id\":\"p2\",\"channel\":\"presence:conversation:" + conversation
                    + "\"}");
            assertEquals(
                    "forbidden",
                    outsider.await(f -> "p2".equals(f.getString("id", null))).getString("code"));
            JsonObject listed =
                    Api.json(api.get("api/channels/conversation:" + conversation + "/presence", "X-API-Key", Api.KEY)
                            .body());
            assertEquals(
                    "member-" + tag,
                    listed.getJsonArray("members").getJsonObject(0).getString("user"));
        }
    }

    private JsonObject userPresence(String user) {
        return Api.json(
                api.get("api/users/" + user + "/presence", "X-API-Key", Api.KEY).body());
    }

    private TestClient connect(String user) {
        return TestClient.connect(URI.create(api.ws("ws") + "?token=" + Tokens.hs256(user)));
    }

    private URI messaging(String user) {
        return URI.create(api.ws("messaging") + "?token=" + Tokens.hs256(user));
    }

    private static String tag() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }
}
