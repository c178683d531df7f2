package io.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.TestClient;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server says about itself, read as an operator does: {@code /api/stats} and presence with an admin token
 * ({@code /api/stats} needs role admin), and the Prometheus text of {@code /metrics}.
 */
final class ServerView {

    private static final Pattern ERRORS = Pattern.compile("(?m)^tidings_errors_total\\{([^}]*)\\}\\s+(\\S+)");

    private final Api api;
    private final String admin = "Bearer " + Tokens.hs256("root", "admin");

    ServerView(Api api) {
        this.api = api;
    }

    /** {@code GET /api/stats}: {@code connections}, {@code users}, {@code channels} and the counters. */
    JsonObject stats() {
        HttpResponse<String> response = api.get("api/stats", "Authorization", admin);
        assertEquals(200, response.statusCode(), () -> "stats: " + response.body());
        return Api.json(response.body());
    }

    /**
     * Polls, bounded, until none of these figures of {@code /api/stats} is above its value in {@code before}: what a
     * test opened is forgotten once it closed (fewer is fine: another test's connections may have been closing then).
     */
    JsonObject awaitBackTo(JsonObject before, String... figures) {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        JsonObject now = stats();
        while (!atMost(now, before, figures) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            now = stats();
        }
        JsonObject last = now;
        assertTrue(
                atMost(now, before, figures),
                () -> Arrays.toString(figures) + " back to what they were before the test (" + before + ") within "
                        + TestClient.TIMEOUT + ", now " + last);
        return now;
    }

    private static boolean atMost(JsonObject now, JsonObject before, String... figures) {
        return Arrays.stream(figures).allMatch(figure -> now.getInt(figure) <= before.getInt(figure));
    }

    /** Whether {@code GET /api/channels/{channel}/presence} lists this user. */
    boolean presenceLists(String channel, String user) {
        HttpResponse<String> response = api.get("api/channels/" + channel + "/presence", "Authorization", admin);
        assertEquals(200, response.statusCode(), () -> "presence of " + channel + ": " + response.body());
        return Api.json(response.body()).getJsonArray("members").stream()
                .map(JsonValue::asJsonObject)
                .anyMatch(member -> user.equals(member.getString("user", null)));
    }

    /**
     * {@code tidings_errors_total} of this code on {@code /metrics} (summed, should it come with more labels); fails
     * when there is no such series, so a renamed metric cannot make a test pass unseen.
     */
    double errorsSent(String code) {
        HttpResponse<String> response = api.get("metrics");
        assertEquals(200, response.statusCode(), response::body);
        boolean found = false;
        double total = 0;
        Matcher line = ERRORS.matcher(response.body());
        while (line.find()) {
            if (line.group(1).contains("code=\"" + code + "\"")) {
                found = true;
                total += Double.parseDouble(line.group(2));
            }
        }
        assertTrue(found, () -> "no tidings_errors_total{code=\"" + code + "\"} in /metrics:\n" + response.body());
        return total;
    }
}
