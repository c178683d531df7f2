package io.tidings.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code socket.io-client} (v4, from npm, in the locked harness installed by {@code ClientPackage}) runs
 * the exchange gateway's client code against Tidings from Node ({@code socketio-client.mjs}), WebSocket transport.
 */
class SocketIoIT extends TidingsIT {

    private static final Path HARNESS = Path.of(System.getProperty("tidings.client.package", "target/client-package"));
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @BeforeAll
    static void harnessInstalled() {
        if (!Files.isDirectory(HARNESS.resolve("node_modules/socket.io-client"))) {
            String missing = "NO NODE: socket.io-client was not installed into " + HARNESS
                    + " (mvn pre-integration-test does it, with Node.js and npm)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
    }

    @Test
    void exchangeSnippetReceivesTickerUpdatesPublishedThroughTheApi() throws Exception {
        String symbol = symbol();
        Output client = Output.of("exchange", base.toString(), symbol);
        client.await("connected false");
        client.await("subscribed ticker " + symbol);
        api.publish(
                "ticker:" + symbol,
                "ticker.update",
                Json.createObjectBuilder()
                        .add("symbol", symbol)
                        .add("lastPrice", "45000.00")
                        .build());
        client.await("ticker.update {\"symbol\":\"" + symbol + "\",\"lastPrice\":\"45000.00\"}");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void withTheClientsDefaultTransportsItPollsThenUpgradesAndReceivesEvents() throws Exception {
        String symbol = symbol();
        Output client = Output.withTransports("default", "exchange", base.toString(), symbol);
        client.await("transport polling");
        client.awaitAll("subscribed ticker " + symbol, "upgraded websocket");
        api.publish(
                "ticker:" + symbol,
                "ticker.update",
                Json.createObjectBuilder().add("n", 1).build());
        client.await("ticker.update {\"n\":1}");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void overLongPollingAloneEventsArrive() throws Exception {
        String symbol = symbol();
        Output client = Output.withTransports("polling", "exchange", base.toString(), symbol);
        client.await("transport polling");
        client.await("subscribed ticker " + symbol);
        for (int n = 1; n <= 3; n++) {
            api.publish(
                    "ticker:" + symbol,
                    "ticker.update",
                    Json.createObjectBuilder().add("n", n).build());
        }
        client.await("ticker.update {\"n\":1}");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void privateSubscriptionWithAuthTokenReceivesTheUsersOrders() throws Exception {
        String user = "sio-" + symbol().toLowerCase();
        Output client = Output.of("exchange", base.toString(), symbol(), Tokens.hs256(user));
        client.await("connected true");
        client.await("subscribed user.orders undefined"); // no symbol on a private channel
        api.publish(
                "user:" + user + ":orders",
                "order.filled",
                Json.createObjectBuilder()
                        .add("orderId", "o-1")
                        .add("filledQuantity", "0.5")
                        .build());
        client.await("order.filled {\"orderId\":\"o-1\",\"filledQuantity\":\"0.5\"}");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void ordersFiredAsTypedCdiEventsReachThePrivateSubscription() throws Exception {
        String symbol = symbol();
        String user = "cdi-" + symbol.toLowerCase();
        Output client = Output.of("exchange", base.toString(), symbol, Tokens.hs256(user));
        client.await("subscribed user.orders undefined");
        assertEquals(
                204,
                api.post("test-backend/exchange?user=" + user + "&symbol=" + symbol, "")
                        .statusCode());
        client.awaitStart("order.filled {\"orderId\":\"o-1\",\"symbol\":\"" + symbol
                + "\",\"side\":\"buy\",\"price\":\"45000.00\",\"filledQuantity\":\"0.5\",");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void metricsCountSocketIoConnectionsByDialect() throws Exception {
        String symbol = symbol();
        Output client = Output.withTransports(
                "websocket", "exchange", base.toString(), symbol, Tokens.hs256("metrics-" + symbol));
        client.await("subscribed user.orders undefined");
        String metrics = api.get("metrics").body();
        Assertions.assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("tidings_dialect_connections{dialect=\"socket.io\"")
                                && !line.endsWith(" 0.0")),
                () -> "a socket.io connection counted:\n" + metrics);
        client.process().destroy();
    }

    @Test
    void eventsWithAnAcknowledgementAreAnsweredByIt() throws Exception {
        String symbol = symbol();
        Output client = Output.of("ack", base.toString(), symbol);
        client.await("ack subscribe true trades " + symbol);
        client.await("ack refused false invalid_channel");
        client.await("ack ping true number");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void badTokenGetsAConnectError() throws Exception {
        Output client = Output.of("badtoken", base.toString(), symbol());
        client.await("connect_error unauthorized");
        assertEquals(0, client.exit(), () -> "it exits:\n" + client);
    }

    @Test
    void badInputGetsTheDialectsErrorsOrCloseWhileOtherClientsCarryOn() throws Exception {
        String symbol = symbol();
        Output client = Output.of("badinput", base.toString(), symbol);
        client.await("open 65536");
        client.await("raw 0 Invalid namespace");
        client.await("raw 1 connected");
        client.await("raw 2 bad_request");
        client.await("raw 3 binary attachments are not supported: send JSON only");
        client.await("raw 4 invalid_channel");
        client.await("raw 5 unauthorized");
        client.await("raw closed 1009");
        client.await("flood rate_limited");
        client.await("flood disconnected");
        api.publish(
                "trades:" + symbol,
                "trade",
                Json.createObjectBuilder().add("n", 1).build());
        client.await("good trade {\"n\":1}");
        assertEquals(0, client.exit(), () -> "it exits:\n" + client);
    }

    @Test
    void namespacesOfOneClientShareTheEngineConnectionAndEachGetsItsEvents() throws Exception {
        String symbol = symbol();
        String user = "mux-" + symbol.toLowerCase();
        Output client = Output.of("multiplex", base.toString(), symbol, Tokens.hs256(user));
        client.await("multiplexed true");
        client.awaitAll("ws subscribed", "notifications subscribed user:" + user + ":notifications");
        api.publish(
                "ticker:" + symbol,
                "ticker.update",
                Json.createObjectBuilder().add("n", 1).build());
        api.publish(
                "user:" + user + ":notifications",
                "notification",
                Json.createObjectBuilder().add("notificationId", "n1").build());
        client.awaitAll("ws ticker.update {\"n\":1}", "notifications notification {\"notificationId\":\"n1\"}");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    private static String symbol() {
        return "S"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }

    /** The Node client in the harness directory, its output collected line by line as it comes. */
    private record Output(Process process, BlockingQueue<String> lines, StringBuffer all) {

        static Output of(String... args) throws IOException {
            return withTransports(null, args);
        }

        /** @param transports the client's transports ({@code SIO_TRANSPORTS}), null for {@code ["websocket"]} */
        static Output withTransports(String transports, String... args) throws IOException {
            String node = System.getenv().getOrDefault("NODE", "node");
            String[] command = new String[args.length + 2];
            command[0] = node;
            command[1] = "socketio-client.mjs";
            System.arraycopy(args, 0, command, 2, args.length);
            ProcessBuilder builder = new ProcessBuilder(command);
            if (transports != null) {
                builder.environment().put("SIO_TRANSPORTS", transports);
            }
            Process process = builder.directory(HARNESS.toFile())
                    .redirectErrorStream(true)
                    .start();
            Output output = new Output(process, new LinkedBlockingQueue<>(), new StringBuffer());
            Thread pump = new Thread(() -> {
                try (var reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    reader.lines().forEach(line -> {
                        output.all.append(line).append('\n');
                        output.lines.add(line);
                    });
                } catch (IOException e) {
                    output.all.append(e).append('\n');
                }
            });
            pump.setDaemon(true);
            pump.start();
            return output;
        }

        /** Waits for this line of output; lines before it are passed over. */
        void await(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
                if (line.equals(expected)) {
                    return;
                }
            }
            process.destroy();
            Assertions.fail("no line '" + expected + "' within " + TIMEOUT + "; output:\n" + all);
        }

        /** Waits for a line that starts so. */
        void awaitStart(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
                if (line.startsWith(prefix)) {
                    return;
                }
            }
            process.destroy();
            Assertions.fail("no line starting '" + prefix + "' within " + TIMEOUT + "; output:\n" + all);
        }

        /** Waits for each of these lines, in any order. */
        void awaitAll(String... expected) throws InterruptedException {
            java.util.Set<String> missing = new java.util.HashSet<>(java.util.List.of(expected));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
                if (missing.remove(line) && missing.isEmpty()) {
                    return;
                }
            }
            process.destroy();
            Assertions.fail("no lines " + missing + " within " + TIMEOUT + "; output:\n" + all);
        }

        int exit() throws InterruptedException {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                Assertions.fail("still running after " + TIMEOUT + "; output:\n" + all);
            }
            return process.exitValue();
        }

        @Override
        public String toString() {
            return all.toString();
        }
    }
}
