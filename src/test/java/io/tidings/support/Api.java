package io.tidings.support;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the HTTP API of the server under test, as a backend would. */
public final class Api {

    /** Looked up once: {@code Json.create...} looks the provider up on every call, which a 100,000-event test feels. */
    static final JsonProvider JSON = JsonProvider.provider();

    /** The key the test servers are started with (arquillian.xml). */
    public static final String KEY = "test-key";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;

    public Api(URL base) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    }

    /** The WebSocket URI of a namespace, e.g. {@code ws}. */
    public URI ws(String namespace) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + namespace);
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** Publishes with the API key and returns {@code {offset, epoch}}, failing on any other status than 200. */
    public JsonObject publish(String channel, String event, JsonObject data) {
        String body = JSON.createObjectBuilder()
                .add("channel", channel)
                .add("event", event)
                .add("data", data)
                .build()
                .toString();
        HttpResponse<String> response = post("api/publish", body, "X-API-Key", KEY);
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "publish to " + channel + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** Publishes {@code count} events to a channel in batches, with data {@code {"n": i}} for i from 1. */
    public void publishMany(String channel, String event, int count, int batchSize) {
        for (int first = 1; first <= count; first += batchSize) {
            var publications = JSON.createArrayBuilder();
            for (int n = first; n < first + batchSize && n <= count; n++) {
                publications.add(JSON.createObjectBuilder()
                        .add("channel", channel)
                        .add("event", event)
                        .add("data", JSON.createObjectBuilder().add("n", n)));
            }
            HttpResponse<String> response = post(
                    "api/publish/batch",
                    JSON.createObjectBuilder()
                            .add("publications", publications)
                            .build()
                            .toString(),
                    "X-API-Key",
                    KEY);
            if (response.statusCode() != 200) {
                throw new AssertionError("batch publish answered " + response.statusCode() + ": " + response.body());
            }
        }
    }

    /** Sets a conversation's members with the API key, failing on any other status than 200. */
    public void setMembers(String conversationId, String... members) {
        var list = JSON.createArrayBuilder();
        for (String member : members) {
            list.add(member);
        }
        HttpResponse<String> response = request(
                "PUT",
                "api/conversations/" + conversationId + "/members",
                JSON.createObjectBuilder().add("members", list).build().toString(),
                "X-API-Key",
                KEY,
                "Content-Type",
                "application/json");
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "members of " + conversationId + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** Any request, with exactly these headers (no Content-Type unless given). */
    public HttpResponse<String> request(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** A POST of raw bytes (which need not be valid UTF-8), with these headers. */
    public HttpResponse<String> postBytes(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** {@code GET /api/stats} with the API key. */
    public JsonObject stats() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("api/stats"))
                .timeout(Duration.ofSeconds(10))
                .header("X-API-Key", KEY)
                .GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("stats answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    public static JsonObject json(String text) {
        return JSON.createReader(new StringReader(text)).readObject();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
