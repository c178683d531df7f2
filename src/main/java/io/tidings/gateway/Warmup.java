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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The start-up warm-up (off unless {@code tidings.warmup.publications} is above 0): before the node says it is ready,
 * it runs the fan-out path on real WebSocket connections of its own, so that the JIT has compiled the container's
 * sends and Tidings' delivery before the first clients come, not while they wait.
 *
 * <p>The first readiness probe starts it (the probe's request names the node's own address, so no setting is needed)
 * and readiness stays down until it ends. It opens {@code tidings.warmup.connections} connections to the node's own
 * {@code /ws} through the container's WebSocket client, half of them asking for {@code tidings.v1.batch}, subscribes
 * them to a channel of its own ({@code trades:WARMUP-…}), publishes the publications a round at a time (each round
 * read by every connection before the next, so no outbox overflows) and closes them. It publishes as backends do,
 * with {@code POST /api/publish} to its own address, so that the HTTP API is warm too; without an API key set,
 * through {@link Publisher}. A
 * warm-up that fails or outlasts {@code tidings.warmup.timeout.seconds} is logged in one line and the node is ready
 * without it.
 */
@ApplicationScoped
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    /** Publications in flight at once: a round is far below any outbox's bound, and enough for batched writes. */
    private static final int ROUND = 100;

    private enum State {
        WAITING,
        RUNNING,
        DONE
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
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
        this.apiKey = apiKey.filter(key -> !key.isBlank());
        this.publications = publications;
        this.connections = Math.max(1, connections);
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Whether the warm-up is over (or off). The first call starts it, with the address of the application on this
     * node ({@code http://host:port/context/}); it is called on a request thread, where the container's WebSocket
     * client is the deployment's.
     */
    public boolean over(Supplier<URI> ownAddress) {
        if (publications <= 0 || state.get() == State.DONE) {
            return true;
        }
        if (state.compareAndSet(State.WAITING, State.RUNNING)) {
            URI address = ownAddress.get();
            try {
                WebSocketContainer container = ContainerProvider.getWebSocketContainer();
                executor.execute(() -> run(container, address));
            } catch (RuntimeException e) {
                LOG.warning(() -> "The warm-up could not start, the node is ready without it: " + e);
                state.set(State.DONE);
            }
        }
        return state.get() == State.DONE;
    }

    private void run(WebSocketContainer container, URI address) {
        URI endpoint =
                URI.create(address.toString().replaceFirst("^http", "ws")).resolve("ws");
        long start = System.nanoTime();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        // a name of its own on each node: with Redis, nodes warming up at once do not read each other's events
        String channel = "trades:WARMUP-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()).toUpperCase(Locale.ROOT);
        WarmupTally tally = new WarmupTally();
        List<Session> sessions = new ArrayList<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                String subprotocol = i % 2 == 0 ? Subprotocols.BATCH : Subprotocols.NATIVE;
                ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                        .preferredSubprotocols(List.of(subprotocol))
                        .build();
                sessions.add(container.connectToServer(tally.client(channel), config, endpoint));
            }
            tally.awaitSubscribed(connections, deadline);
            Round publishing = apiKey.isPresent()
                    ? new ApiRound(
                            HttpClient.newBuilder()
                                    .version(HttpClient.Version.HTTP_1_1)
                                    .build(),
                            address.resolve("api/publish"),
                            apiKey.get())
                    : (name, trades) -> trades.forEach(data -> publisher.submit(Publication.now(name, "trade", data)));
            for (int sent = 0; sent < publications; ) {
                int round = Math.min(ROUND, publications - sent);
                List<JsonObject> trades = new ArrayList<>(round);
                for (int i = 0; i < round; i++) {
                    trades.add(trade(sent + i));
                }
                publishing.publish(channel, trades);
                sent += round;
                tally.awaitEvents((long) sent * connections, deadline);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.info(() -> "Warmed up: " + publications + " publications to " + connections + " connections of "
                    + endpoint + " in " + millis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warning("The warm-up was interrupted, the node is ready without it");
        } catch (IOException | TimeoutException | RuntimeException | jakarta.websocket.DeploymentException e) {
            LOG.warning(() -> "The warm-up ended early (" + tally.events() + " events read), the node is ready "
                    + "without it: " + e);
        } finally {
            sessions.forEach(Warmup::closeQuietly);
            state.set(State.DONE);
        }
    }

    /** Publishes a round of trades to the channel, and returns once every one was accepted. */
    @FunctionalInterface
    private interface Round {
        void publish(String channel, List<JsonObject> trades) throws IOException, InterruptedException;
    }

    /** A round as backends publish: one {@code POST /api/publish} each, all in flight at once. */
    private record ApiRound(HttpClient http, URI publish, String key) implements Round {

        /** Never the key. */
        @Override
        public String toString() {
            return "POST " + publish;
        }

        @Override
        public void publish(String channel, List<JsonObject> trades) throws IOException, InterruptedException {
            List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>(trades.size());
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
                        HttpResponse.BodyHandlers.discarding()));
            }
            for (CompletableFuture<HttpResponse<Void>> answer : answers) {
                int status;
                try {
                    status = answer.get().statusCode();
                } catch (ExecutionException e) {
                    throw new IOException("POST " + publish + " failed: " + e.getCause());
                }
                if (status != 200) {
                    throw new IOException("POST " + publish + " answered " + status);
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
