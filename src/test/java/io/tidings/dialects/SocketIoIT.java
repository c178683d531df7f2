package io.tidings.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.support.NodeScript;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code socket.io-client} (v4, from npm, in the locked harness installed by {@code ClientPackage}) runs
 * the exchange gateway's client code against Tidings from Node ({@code socketio-client.mjs}), WebSocket transport.
 */
class SocketIoIT extends TidingsIT {

    @BeforeAll
    static void harnessInstalled() {
        NodeScript.requirePackage("socket.io-client");
    }

    @Test
    void exchangeSnippetReceivesTickerUpdatesPublishedThroughTheApi() throws Exception {
        String symbol = symbol();
        NodeScript client = Output.of("exchange", base.toString(), symbol);
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
        NodeScript client = Output.withTransports("default", "exchange", base.toString(), symbol);
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
        NodeScript client = Output.withTransports("polling", "exchange", base.toString(), symbol);
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
        NodeScript client = Output.of("exchange", base.toString(), symbol(), Tokens.hs256(user));
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
        NodeScript client = Output.of("exchange", base.toString(), symbol, Tokens.hs256(user));
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
        NodeScript client = Output.withTransports(
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
        NodeScript client = Output.of("ack", base.toString(), symbol);
        client.await("ack subscribe true trades " + symbol);
        client.await("ack refused false invalid_channel");
        client.await("ack ping true number");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void badTokenGetsAConnectError() throws Exception {
        NodeScript client = Output.of("badtoken", base.toString(), symbol());
        client.await("connect_error unauthorized");
        assertEquals(0, client.exit(), () -> "it exits:\n" + client);
    }

    @Test
    void badInputGetsTheDialectsErrorsOrCloseWhileOtherClientsCarryOn() throws Exception {
        String symbol = symbol();
        NodeScript client = Output.of("badinput", base.toString(), symbol);
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
        NodeScript client = Output.of("multiplex", base.toString(), symbol, Tokens.hs256(user));
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

    /** The Socket.IO client script, its output collected line by line as it comes. */
    private static final class Output {

        static NodeScript of(String... args) throws IOException {
            return withTransports(null, args);
        }

        /** @param transports the client's transports ({@code SIO_TRANSPORTS}), null for {@code ["websocket"]} */
        static NodeScript withTransports(String transports, String... args) throws IOException {
            return NodeScript.run(
                    "socketio-client.mjs", transports == null ? Map.of() : Map.of("SIO_TRANSPORTS", transports), args);
        }
    }
}
