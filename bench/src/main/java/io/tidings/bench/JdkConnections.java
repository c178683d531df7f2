package io.tidings.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** Many WebSocket connections on the JDK's non-blocking client (two threads for all of them): {@code client=jdk}. */
final class JdkConnections extends Connections<WebSocket> {

    private final HttpClient client = HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "bench-ws");
                t.setDaemon(true);
                return t;
            }))
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    @Override
    long open(int count, int parallel, IntFunction<URI> uri, IntFunction<String> subscribe) throws Exception {
        Semaphore inFlight = new Semaphore(parallel);
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            Listener listener = new Listener(subscribe.apply(i));
            CompletableFuture<WebSocket> ws = client.newWebSocketBuilder().buildAsync(uri.apply(i), listener);
            all.add(listener.connectedFrame.whenComplete((ok, error) -> inFlight.release()));
            ws.whenComplete((socket, error) -> {
                if (error != null) {
                    listener.connectedFrame.completeExceptionally(error);
                } else {
                    open.add(socket);
                }
            });
        }
        return awaitAll(all, start);
    }

    @Override
    void abort(WebSocket ws) {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        final CompletableFuture<Void> connectedFrame = new CompletableFuture<>();
        private final String subscribe;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicLong lastOffset = new AtomicLong(-1);

        Listener(String subscribe) {
            this.subscribe = subscribe;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (!last) {
                partial.append(data);
                ws.request(1);
                return null;
            }
            String text;
            if (partial.length() > 0) {
                partial.append(data);
                text = partial.toString();
                partial.setLength(0);
            } else {
                text = data.toString();
            }
            handle(ws, text);
            ws.request(1);
            return null;
        }

        private void handle(WebSocket ws, String text) {
            if (text.startsWith("{\"type\":\"event\"")) {
                long now = System.nanoTime();
                lastOffset.set(event(lastOffset.get(), number(text, "\"offset\":"), number(text, "\"sent\":"), now));
            } else if (text.contains("\"type\":\"connected\"")) {
                connected.increment();
                if (subscribe != null) {
                    ws.sendText(subscribe, true);
                } else {
                    connectedFrame.complete(null);
                }
            } else if (text.contains("\"type\":\"subscribed\"")) {
                lastOffset.set(number(text, "\"offset\":"));
                subscribed.increment();
                connectedFrame.complete(null);
            } else if (text.contains("\"type\":\"error\"")) {
                connectedFrame.completeExceptionally(new IllegalStateException(text));
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.increment();
            connectedFrame.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            connectedFrame.completeExceptionally(error);
        }
    }

    /** The non-negative integer after {@code key} in {@code text}, or -1. */
    private static long number(CharSequence text, String key) {
        int at = indexOf(text, key);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + key.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int indexOf(CharSequence text, String key) {
        outer:
        for (int i = 0, last = text.length() - key.length(); i <= last; i++) {
            for (int j = 0; j < key.length(); j++) {
                if (text.charAt(i + j) != key.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
