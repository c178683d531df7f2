package io.tidings.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.support.NodeScript;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code socket.io-client} as the wallet app's client uses it ({@code shared/systems/wallet-app.md}:
 * namespace and engine path {@code /ws}, the token in the query; {@code wallet-app-client.mjs}) against Tidings from
 * Node: its subscriptions, events from the publish API and from typed CDI events, ping; while Tidings' own clients
 * of {@code /ws} carry on beside it.
 */
class WalletAppSocketIoIT extends TidingsIT {

    @BeforeAll
    static void harnessInstalled() {
        NodeScript.requireHarness("node_modules/socket.io-client", "socket.io-client");
    }

    @Test
    void theWalletClientPollsThenUpgradesAtItsEnginePathAndGetsItsChannelsEvents() throws Exception {
        String id = id();
        String user = "w-" + id;
        String address = "0x" + id;
        String position = "pos-" + id;
        String token = Tokens.hs256(Tokens.claims(user)
                .claim("wallets", List.of(address))
                .claim("positions", List.of(position))
                .build());
        NodeScript client = NodeScript.start(
                Map.of(),
                "wallet-app-client.mjs",
                "subscribe",
                base.toString(),
                token,
                "balance:" + address,
                "nft:" + address,
                "token:price",
                "staking:" + position,
                "notifications");
        try {
            client.await("transport polling");
            client.awaitAll(
                    "subscribe balance:" + address + " true",
                    "subscribe nft:" + address + " true",
                    "subscribe token:price true",
                    "subscribe staking:" + position + " true",
                    "subscribe notifications true",
                    "ping pong number",
                    "upgraded websocket");
            api.publish(
                    "balance:" + address,
                    "balance.updated",
                    Json.createObjectBuilder().add("balance", "2.5").build());
            client.awaitAll(
                    "message balance:" + address + " balance.updated number",
                    "payload balance:" + address + " {\"balance\":\"2.5\"}");
            assertEquals(
                    204,
                    api.post("test-backend/wallet?user=" + user + "&address=" + address + "&position=" + position, "")
                            .statusCode());
            client.awaitAll(
                    "payload balance:" + address + " {\"address\":\"" + address
                            + "\",\"chain\":\"ethereum\",\"token\":\"ETH\",\"balance\":\"1.5\",\"change\":\"0.5\","
                            + "\"txHash\":\"0xabc\"}",
                    "message nft:" + address + " nft.transfer number",
                    "payload token:price {\"symbol\":\"ETH\",\"price\":\"3000.25\",\"change24h\":\"-1.5\"}",
                    "message staking:" + position + " staking.update number",
                    "message notifications notification number");
        } finally {
            client.close();
        }
    }

    @Test
    void overWebSocketAloneItsEventsArriveWhileANativeClientOfWsCarriesOn() throws Exception {
        String user = "wn-" + id();
        NodeScript client = NodeScript.start(
                Map.of("SIO_TRANSPORTS", "websocket"),
                "wallet-app-client.mjs",
                "subscribe",
                base.toString(),
                Tokens.hs256(user),
                "token:price");
        TestClient wsClient = TestClient.connect(api.ws("ws")); // Tidings' own client of /ws
        try {
            wsClient.subscribe("token:price");
            client.awaitAll("transport websocket", "subscribe token:price true", "ping pong number");
            api.publish(
                    "token:price",
                    "price.update",
                    Json.createObjectBuilder().add("symbol", user).build());
            client.await("payload token:price {\"symbol\":\"" + user + "\"}");
            assertEquals(
                    user,
                    wsClient.await(f -> "event".equals(f.getString("type", null))
                                    && user.equals(f.getJsonObject("data").getString("symbol", null)))
                            .getJsonObject("data")
                            .getString("symbol"));
        } finally {
            client.close();
            wsClient.close();
        }
    }

    @Test
    void badSubscriptionsAreRefusedInTheAcknowledgement() throws Exception {
        String id = id();
        NodeScript client = NodeScript.start(
                Map.of("SIO_TRANSPORTS", "websocket"),
                "wallet-app-client.mjs",
                "bad",
                base.toString(),
                Tokens.hs256("wb-" + id),
                "balance:0xsomeoneelse" + id);
        client.await("no channel false No channel provided");
        client.await("other false forbidden");
        client.await("unknown false invalid_channel");
        assertEquals(0, client.exit(), () -> "it exits:\n" + client);
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
