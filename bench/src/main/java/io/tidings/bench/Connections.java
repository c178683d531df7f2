package io.tidings.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * Many WebSocket connections from one process on the JDK's non-blocking client: a few threads for all of them.
 * Each connection counts its events, checks that offsets grow by one, and records the latency from the
 * publisher's {@code sent} timestamp (nanoTime of this same process) into one histogram recorder.
 */
final class Connections implements AutoCloseable {

    final LongAdder events = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder subscribed = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder closed = new LongAdder();
    final Recorder latency = new Recorder(3_600_000_000_000L, 3);
    private final HttpClient client = HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "bench-ws");
                t.setDaemon(true);
                return t;
            }))
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    private final ConcurrentLinkedQueue<WebSocket> open = new ConcurrentLinkedQueue<>();

    /**
     * Opens {@code count} connections, at most {@code parallel} handshakes at a time; {@code uri} and
     * {@code subscribe} (the frame to send once connected, or null) per index.
     *
     * @return nanoseconds from the first handshake to the last {@code connected}
     */
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
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return System.nanoTime() - start;
    }

    int size() {
        return open.size();
    }

    @Override
    public void close() {
        for (WebSocket ws : open) {
            ws.abort();
        }
        open.clear();
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
                long sent = number(text, "\"sent\":");
                if (sent > 0) {
                    latency.recordValue(Math.max(0, now - sent));
                }
                long offset = number(text, "\"offset\":");
                long previous = lastOffset.getAndSet(offset);
                if (previous >= 0 && offset != previous + 1) {
                    gaps.increment();
                }
                events.increment();
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
    static long number(String text, String key) {
        int at = text.indexOf(key);
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
}
