package io.tidings.gateway;

import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.protocol.Subprotocols;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The start-up warm-up (off unless {@code tidings.warmup.publications} is above 0): before the node says it is ready,
 * it runs the fan-out path on real WebSocket connections of its own, so that the JIT has compiled the container's
 * sends and Tidings' delivery before the first clients come, not while they wait.
 *
 * <p>The first readiness probe starts it and readiness stays down until it ends. It opens {@code
 * tidings.warmup.connections} connections to the node's own {@code /ws} over loopback (127.0.0.1, at the port the
 * probe came to) through the container's WebSocket client, half of them asking for {@code tidings.v1.batch},
 * subscribes them to a channel of its own ({@code trades:WARMUP-…}), publishes a round at a time (each round read by
 * every connection before the next, so no outbox overflows) and closes them. The first round goes through {@link
 * Publisher}: only once the connections have read it, so are this node's (or, with Redis, a node of the same
 * deployment), do the others go as backends publish, {@code POST /api/publish} with {@code tidings.api.key} to that
 * same address, so that the HTTP API is warm too (without a key, they all go through {@link Publisher}). A warm-up
 * that fails or outlasts {@code tidings.warmup.timeout.seconds} is logged in one line and the node is ready without
 * it; readiness keeps to the timeout even while the warm-up's thread is still blocked.
 */
@ApplicationScoped
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    /** Publications in flight at once: a round is far below any outbox's bound, and enough for batched writes. */
    private static final int ROUND = 100;
    /** An API key that can go in an HTTP header as it is (visible ASCII and spaces, trimmed). */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?");

    private enum State {
        WAITING,
        RUNNING,
        DONE
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
    private volatile long deadlineNanos;
    private Publisher publisher;
    private Optional<String> apiKey;
    private int publications;
    private int connections;
    private long timeoutSeconds;

    @Resource
    ManagedExecutorService executor;

    Warmup() {}

    @Inject
    public Warmup(
            Publisher publisher,
            @ConfigProperty(name = "tidings.api.key") Optional<String> apiKey,
            @ConfigProperty(name = "tidings.warmup.publications") int publications,
            @ConfigProperty(name = "tidings.warmup.connections") int connections,
            @ConfigProperty(name = "tidings.warmup.timeout.seconds") long timeoutSeconds) {
        this.publisher = publisher;
        this.apiKey = apiKey.filter(key -> HEADER_VALUE.matcher(key).matches());
        this.publications = publications;
        this.connections = Math.max(1, connections);
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Whether the warm-up is over (or off, or past its timeout). The first call starts it, on this node's port that
     * the probe came to; it is called on a request thread, where the container's WebSocket client is the
     * deployment's.
     */
    public boolean over(int ownPort, String contextPath) {
        if (publications <= 0 || state.get() == State.DONE) {
            return true;
        }
        if (state.compareAndSet(State.WAITING, State.RUNNING)) {
            start(ownPort, contextPath);
        } else if (pastDeadline() && state.compareAndSet(State.RUNNING, State.DONE)) {
            LOG.warning("The warm-up outlasted tidings.warmup.timeout.seconds, the node is ready without it");
        }
        return state.get() == State.DONE;
    }

    /** Whether the running warm-up's time is up (its deadline is 0 until the starting probe has set it). */
    private boolean pastDeadline() {
        long deadline = deadlineNanos;
        return deadline != 0 && System.nanoTime() - deadline > 0;
    }

    private void start(int ownPort, String contextPath) {
        deadlineNanos = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        boolean started = false;
        try {
            URI endpoint = URI.create("ws://127.0.0.1:" + ownPort + contextPath + "/ws");
            WebSocketContainer container = ContainerProvider.getWebSocketContainer();
            executor.execute(() -> run(container, endpoint));
            started = true;
        } catch (RuntimeException e) {
            LOG.warning(() -> "The warm-up could not start, the node is ready without it: "
                    + e.getClass().getName());
        } finally {
            if (!started) {
                state.set(State.DONE);
            }
        }
    }

    private void run(WebSocketContainer container, URI endpoint) {
        List<Session> sessions = new ArrayList<>(connections);
        WarmupTally tally = new WarmupTally();
        try {
            warmUp(container, endpoint, tally, sessions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warning("The warm-up was interrupted, the node is ready without it");
        } catch (WarmupFailed e) {
            LOG.warning(() -> "The warm-up ended early (" + tally.events() + " events read), the node is ready "
                    + "without it: " + e.getMessage());
        } catch (IOException | DeploymentException | RuntimeException e) {
            // a library's message may hold what it was given (an address, a header): only the kind
            LOG.warning(() -> "The warm-up ended early (" + tally.events() + " events read), the node is ready "
                    + "without it: " + e.getClass().getName());
        } finally {
            sessions.forEach(Warmup::closeQuietly);
            state.set(State.DONE);
        }
    }

    private void warmUp(WebSocketContainer container, URI endpoint, WarmupTally tally, List<Session> sessions)
            throws IOException, DeploymentException, InterruptedException, WarmupFailed {
        long start = System.nanoTime();
        // a name of its own on each node: with Redis, nodes warming up at once do not read each other's events
        String channel = "trades:WARMUP-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()).toUpperCase(Locale.ROOT);
        for (int i = 0; i < connections; i++) {
            if (pastDeadline()) {
                throw new WarmupFailed("timed out opening its connections");
            }
            String subprotocol = i % 2 == 0 ? Subprotocols.BATCH : Subprotocols.NATIVE;
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                    .preferredSubprotocols(List.of(subprotocol))
                    .build();
            sessions.add(container.connectToServer(tally.client(channel), config, endpoint));
        }
        tally.awaitSubscribed(connections, deadlineNanos);
        Round direct = (name, trades) -> {
            for (JsonObject data : trades) {
                if (publisher.submit(Publication.now(name, "trade", data)).throttled()) {
                    throw new WarmupFailed("its channel is throttled (tidings.throttle)");
                }
            }
        };
        Round publishing = direct;
        for (int sent = 0; sent < publications; ) {
            int round = Math.min(ROUND, publications - sent);
            List<JsonObject> trades = new ArrayList<>(round);
            for (int i = 0; i < round; i++) {
                trades.add(trade(sent + i));
            }
            publishing.publish(channel, trades);
            sent += round;
            tally.awaitEvents((long) sent * connections, deadlineNanos);
            if (publishing == direct && apiKey.isPresent()) {
                // the connections read what this node published: the address is this node's, the key may go to it
                publishing = new ApiRound(
                        HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .executor(executor)
                                .build(),
                        URI.create(endpoint.toString().replaceFirst("^ws:", "http:"))
                                .resolve("api/publish"),
                        apiKey.get());
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info(() -> "Warmed up: " + publications + " publications to " + connections + " connections of " + endpoint
                + " in " + millis + " ms");
    }

    /** Publishes a round of trades to the channel, and returns once every one was accepted. */
    @FunctionalInterface
    private interface Round {
        void publish(String channel, List<JsonObject> trades) throws InterruptedException, WarmupFailed;
    }

    /** A round as backends publish: one {@code POST /api/publish} each, all in flight at once. */
    private record ApiRound(HttpClient http, URI publish, String key) implements Round {

        /** Never the key. */
        @Override
        public String toString() {
            return "POST " + publish;
        }

        @Override
        public void publish(String channel, List<JsonObject> trades) throws InterruptedException, WarmupFailed {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>(trades.size());
            for (JsonObject data : trades) {
                String body = JSON.createObjectBuilder()
                        .add("channel", channel)
                        .add("event", "trade")
                        .add("data", data)
                        .build()
                        .toString();
                answers.add(http.sendAsync(
                        HttpRequest.newBuilder(publish)
                                .timeout(Duration.ofSeconds(10))
                                .header("X-API-Key", key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response;
                try {
                    response = answer.get();
                } catch (ExecutionException e) {
                    throw new WarmupFailed(
                            this + " failed: " + e.getCause().getClass().getName());
                }
                if (response.statusCode() != 200) {
                    throw new WarmupFailed(this + " answered " + response.statusCode());
                }
                if (response.body().contains("\"throttled\":true")) {
                    throw new WarmupFailed("its channel is throttled (tidings.throttle)");
                }
            }
        }
    }

    /** A trade of the size and shape a market feed publishes. */
    private static JsonObject trade(int n) {
        return JSON.createObjectBuilder()
                .add("symbol", "WARMUP")
                .add("tradeId", n)
                .add("price", "64250.1" + n % 10)
                .add("quantity", "0.0" + (n % 97 + 1))
                .add("side", n % 2 == 0 ? "buy" : "sell")
                .add("time", 1_700_000_000_000L + n)
                .build();
    }

    private static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // the warm-up is over; the server side forgets the connection on its own
        }
    }
}
