package io.tidings.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * POSTs JSON to one backend URL without blocking the caller: each attempt has a timeout; a connection failure, a
 * timeout or a 5xx answer is retried, at most {@code retries} times, after 200 ms, 400 ms, ...; any other answer is
 * final. The future fails when the last attempt did.
 */
public final class Webhook {

    /** The backend's final answer. */
    public record Answer(int status, String body) {
        public boolean accepted() {
            return status / 100 == 2;
        }
    }

    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final int MAX_BODY_CHARS = 64 * 1024;

    private final HttpClient client;
    private final URI uri;
    private final Duration timeout;
    private final int retries;

    public Webhook(URI uri, Duration timeout, int retries) {
        this.uri = uri;
        this.timeout = timeout;
        this.retries = retries;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The webhook of a setting, if it names a URL (blank or absent: none). */
    public static Optional<Webhook> of(Optional<String> url, long timeoutMillis, int retries) {
        return url.filter(u -> !u.isBlank())
                .map(u -> new Webhook(URI.create(u.trim()), Duration.ofMillis(timeoutMillis), retries));
    }

    public CompletableFuture<Answer> post(String json) {
        return attempt(json, 0);
    }

    private CompletableFuture<Answer> attempt(String json, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    boolean retry = failure != null || response.statusCode() >= 500;
                    if (!retry) {
                        return CompletableFuture.completedFuture(new Answer(response.statusCode(), bounded(response)));
                    }
                    if (attempt >= retries) {
                        return CompletableFuture.<Answer>failedFuture(
                                failure != null
                                        ? new IOException("webhook failed", unwrap(failure))
                                        : new IOException("webhook answered " + response.statusCode()));
                    }
                    long backoff = FIRST_BACKOFF_MILLIS << attempt;
                    return CompletableFuture.supplyAsync(
                                    () -> null, CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> attempt(json, attempt + 1));
                })
                .thenCompose(answer -> answer);
    }

    private static String bounded(HttpResponse<String> response) {
        String body = response.body();
        return body == null ? "" : body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
