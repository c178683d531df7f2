package io.tidings.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A WebSocket client for tests, on Tyrus: collects every frame it receives and waits, with a timeout, for the one a
 * test expects. Never sleeps.
 */
public final class TestClient implements AutoCloseable {

    /** Looked up once: {@code Json.create...} looks the provider up on every call, which a 100,000-event test feels. */
    static final JsonProvider JSON = JsonProvider.provider();

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ClientManager CLIENT = new ClientWithLastingExecutors();
    private static final java.util.concurrent.atomic.AtomicLong NEXT_ID = new java.util.concurrent.atomic.AtomicLong();

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private Session session;

    private TestClient() {}

    /** Connects and waits for the {@code connected} frame. */
    public static TestClient connect(URI uri) {
        TestClient client = open(uri, ClientEndpointConfig.Builder.create().build());
        client.awaitType("connected");
        return client;
    }

    /** Connects with these handshake headers and offered subprotocols, and waits for {@code connected}. */
    public static TestClient connect(URI uri, Map<String, String> headers, List<String> subprotocols) {
        TestClient client = open(uri, config(headers, subprotocols));
        client.awaitType("connected");
        return client;
    }

    /** A client configuration sending these headers and offering these subprotocols. */
    public static ClientEndpointConfig config(Map<String, String> headers, List<String> subprotocols) {
        return ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(subprotocols)
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> request) {
                        headers.forEach((name, value) -> request.put(name, List.of(value)));
                    }
                })
                .build();
    }

    /** Connects without waiting for anything. */
    public static TestClient open(URI uri, ClientEndpointConfig config) {
        TestClient client = new TestClient();
        try {
            client.session = CLIENT.connectToServer(client.new Listener(), config, uri);
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to " + uri, e);
        }
        return client;
    }

    public void send(String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendBinary(byte[] data) {
        try {
            session.getBasicRemote().sendBinary(java.nio.ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Subscribes and returns the {@code subscribed} answer. */
    public JsonObject subscribe(String channel) {
        String id = "sub-" + NEXT_ID.incrementAndGet();
        send(JSON.createObjectBuilder()
                .add("type", "subscribe")
                .add("id", id)
                .add("channel", channel)
                .build()
                .toString());
        JsonObject answer = await(f -> id.equals(f.getString("id", null)));
        assertEquals("subscribed", answer.getString("type"), () -> "subscribe " + channel + ": " + answer);
        return answer;
    }

    /** The next frame of this type; frames before it stay in {@link #seen()}. */
    public JsonObject awaitType(String type) {
        return await(f -> type.equals(f.getString("type", null)));
    }

    /** The next event frame of a channel. */
    public JsonObject awaitEvent(String channel) {
        return await(f -> "event".equals(f.getString("type", null)) && channel.equals(f.getString("channel")));
    }

    /** Waits for the next frame matching, failing after {@link #TIMEOUT}. */
    public JsonObject await(Predicate<JsonObject> expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = frames.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    return fail("no expected frame within " + TIMEOUT + "; seen: " + seen);
                }
                seen.add(frame);
                if (expected.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Receives {@code count} events of a channel and returns their offsets in arrival order, without keeping the
     * frames (for large volumes); other frames are kept in {@link #seen()}.
     */
    public long[] awaitEvents(String channel, int count) {
        long[] offsets = new long[count];
        int received = 0;
        try {
            while (received < count) {
                JsonObject frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (frame == null) {
                    return fail("only " + received + " of " + count + " events of " + channel + " within " + TIMEOUT
                            + " of each other");
                }
                if ("event".equals(frame.getString("type", null)) && channel.equals(frame.getString("channel"))) {
                    offsets[received++] = frame.getJsonNumber("offset").longValue();
                } else {
                    seen.add(frame);
                }
            }
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every frame consumed so far by the await methods, in arrival order. */
    public List<JsonObject> seen() {
        return seen;
    }

    /** The first frame, or null when the server closed the connection before sending one. */
    public JsonObject awaitFrameOrClose() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    seen.add(frame);
                    return frame;
                }
                if (closed.isDone()) {
                    return frames.isEmpty() ? null : awaitFrameOrClose();
                }
            }
            return fail("neither a frame nor a close within " + TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the server to close the connection and returns its reason. */
    public CloseReason awaitClose() {
        try {
            CloseReason reason = closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(reason);
            return reason;
        } catch (Exception e) {
            return fail("connection not closed within " + TIMEOUT, e);
        }
    }

    public String negotiatedSubprotocol() {
        return session.getNegotiatedSubprotocol();
    }

    /** The names of the extensions the server accepted (this client offers none unless its config does). */
    public List<String> negotiatedExtensions() {
        return session.getNegotiatedExtensions().stream()
                .map(Extension::getName)
                .toList();
    }

    /** Sends a frame built from alternating field names and string values, e.g. {@code "type", "ping"}. */
    public void sendFields(String... fieldsAndValues) {
        var builder = JSON.createObjectBuilder();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            builder.add(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        send(builder.build().toString());
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) {
                session.close();
            }
        } catch (IOException e) {
            // the connection is going away either way
        }
    }

    /**
     * Tyrus shuts its executors down whenever it counts no open client, and that count races with new connections
     * (tyrus#640): a session opened at the wrong moment then fails its first send with RejectedExecutionException.
     * The tests keep one pair of daemon executors for the life of the JVM instead.
     */
    private static final class ClientWithLastingExecutors extends ClientManager {
        private final ExecutorService executor = Executors.newCachedThreadPool(daemon("tyrus-client"));
        private final ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(daemon("tyrus-client-timer"));

        @Override
        public ExecutorService getExecutorService() {
            return executor;
        }

        @Override
        public ScheduledExecutorService getScheduledExecutorService() {
            return scheduler;
        }

        @Override
        protected void shutdown(ShutDownCondition condition) {
            // the executors outlive every connection
        }

        private static ThreadFactory daemon(String name) {
            return task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            };
        }
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>)
                    text -> frames.add(JSON.createReader(new StringReader(text)).readObject()));
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            closed.complete(reason);
        }

        @Override
        public void onError(Session session, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
