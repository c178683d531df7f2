package io.tidings.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One flow of each system Tidings replaces, end to end: a backend bean inside the WAR fires typed domain events
 * (the test deployment's {@code ExampleBackend}), and a real client sees each on its channel, with its event name and
 * data shape (docs/events.md).
 */
class ReplacedSystemsIT extends TidingsIT {

    @Test
    void aWalletApp() {
        String tag = tag();
        String user = "holder-" + tag;
        String address = "0xab" + tag.toLowerCase();
        String position = "pos-" + tag;
        String token = Tokens.hs256(Tokens.claims(user)
                .claim("wallets", List.of(address))
                .claim("positions", List.of(position))
                .build());
        try (TestClient app = TestClient.connect(URI.create(api.ws("ws") + "?token=" + token));
                TestClient inbox = TestClient.connect(URI.create(api.ws("notifications") + "?token=" + token))) {
            for (String channel :
                    List.of("balance:" + address, "nft:" + address, "token:price", "staking:" + position)) {
                app.subscribe(channel);
            }
            inbox.awaitType("subscribed");
            fire("wallet", "user=" + user + "&address=" + address + "&position=" + position);

            JsonObject balance = event(app, "balance:" + address, "balance.updated");
            assertEquals("1.5", balance.getString("balance"), "amounts are decimal strings");
            assertEquals("ETH", balance.getString("token"));
            assertEquals("in", event(app, "nft:" + address, "nft.transfer").getString("direction"));
            assertEquals("3000.25", event(app, "token:price", "price.update").getString("price"));
            assertEquals(
                    "0.015", event(app, "staking:" + position, "staking.update").getString("rewards"));
            JsonObject notification = event(inbox, "user:" + user + ":notifications", "notification");
            assertEquals("n-1", notification.getString("notificationId"));
            assertEquals(
                    1,
                    event(inbox, "user:" + user + ":notifications", "unread_count")
                            .getInt("count"));
        }
    }

    @Test
    void aCryptoExchange() {
        String tag = tag();
        String user = "trader-" + tag;
        String symbol = "X" + tag;
        try (TestClient trader = TestClient.connect(URI.create(api.ws("ws") + "?token=" + Tokens.hs256(user)))) {
            for (String stream : List.of("orders", "trades", "balances", "deposits")) {
                trader.subscribe("user:" + user + ":" + stream);
            }
            trader.subscribe("trades:" + symbol);
            fire("exchange", "user=" + user + "&symbol=" + symbol);

            String orders = "user:" + user + ":orders";
            JsonObject created = event(trader, orders, "order.created");
            assertEquals("45000.00", created.getString("price"));
            assertEquals("new", created.getString("status"));
            assertEquals("filled", event(trader, orders, "order.filled").getString("status"));
            assertEquals(
                    "0.0005",
                    event(trader, "user:" + user + ":trades", "trade.executed").getString("fee"));
            assertEquals(
                    "23500.10",
                    event(trader, "user:" + user + ":balances", "balance.updated")
                            .getString("total"));
            assertEquals(
                    12,
                    event(trader, "user:" + user + ":deposits", "deposit.confirmed")
                            .getInt("confirmations"));
            assertEquals("pt-1", event(trader, "trades:" + symbol, "trade").getString("tradeId"));
        }
        try (TestClient late = TestClient.connect(api.ws("ws"))) {
            late.subscribe("orderbook:" + symbol);
            JsonObject snapshot = late.awaitEvent("orderbook:" + symbol);
            assertEquals("snapshot", snapshot.getJsonObject("data").getString("type"), "the book first, at once");
            assertFalse(snapshot.containsKey("offset"), "state, not a numbered event");
            assertEquals(
                    "44999.50",
                    snapshot.getJsonObject("data")
                            .getJsonArray("bids")
                            .getJsonArray(0)
                            .getString(0));
        }
    }

    @Test
    void aMarketAnalyzer() {
        String tag = tag();
        String user = "analyst-" + tag;
        String coin = "coin" + tag.toLowerCase();
        try (TestClient analyst = TestClient.connect(URI.create(api.ws("ws") + "?token=" + Tokens.hs256(user)));
                TestClient bystander = TestClient.connect(api.ws("ws"))) {
            for (String channel : List.of(
                    "price:" + coin,
                    "whales:" + coin,
                    "social:" + coin,
                    "user:" + user + ":alerts",
                    "user:" + user + ":portfolio")) {
                analyst.subscribe(channel);
            }
            fire("analyzer", "user=" + user + "&coin=" + coin);
            assertEquals(
                    "0.1234", event(analyst, "price:" + coin, "price_update").getString("price"));
            assertEquals(
                    "a-1",
                    event(analyst, "user:" + user + ":alerts", "alert_triggered")
                            .getString("alertId"));
            assertEquals(
                    "617000", event(analyst, "whales:" + coin, "whale_movement").getString("usdValue"));
            assertEquals(1200, event(analyst, "social:" + coin, "social_spike").getInt("mentions"));
            assertEquals(
                    "10234.56",
                    event(analyst, "user:" + user + ":portfolio", "portfolio_update")
                            .getString("totalValue"));

            HttpResponse<String> announced = api.post(
                    "api/announce",
                    "{\"namespace\":\"/ws\",\"event\":\"market.halt\",\"data\":{\"reason\":\"maintenance\"}}",
                    "X-API-Key",
                    Api.KEY);
            assertEquals(200, announced.statusCode(), announced.body());
            assertTrue(Api.json(announced.body()).getInt("connections") >= 2);
            for (TestClient client : List.of(analyst, bystander)) {
                JsonObject announcement = client.awaitEvent("announcement");
                assertEquals("market.halt", announcement.getString("event"), "to every connection, subscribed or not");
                assertEquals("maintenance", announcement.getJsonObject("data").getString("reason"));
            }
        }
    }

    @Test
    void aTradingGame() {
        String tag = tag();
        String player = "player-" + tag;
        String first = "G" + tag;
        String second = "H" + tag;
        fire("game", "user=" + player + "&symbol=" + first + "&symbol=" + second);
        try (TestClient game = TestClient.connect(URI.create(api.ws("ws") + "?token=" + Tokens.hs256(player)))) {
            game.send("{\"type\":\"subscribe\",\"id\":\"all\",\"channels\":[\"tokens:" + first + "\",\"tokens:" + second
                    + "\",\"status\",\"user:" + player + ":portfolio\"]}");
            for (String symbol : List.of(first, second)) {
                JsonObject subscribed = game.await(f -> "subscribed".equals(f.getString("type", null))
                        && ("tokens:" + symbol).equals(f.getString("channel")));
                assertEquals("all", subscribed.getString("id"));
                JsonObject current = game.awaitEvent("tokens:" + symbol);
                assertEquals("token.update", current.getString("event"), "the current data at once");
                assertEquals("1.25", current.getJsonObject("data").getString("price"));
            }
            for (String channel : List.of("status", "user:" + player + ":portfolio")) { // before publishing to them
                game.await(f ->
                        "subscribed".equals(f.getString("type", null)) && channel.equals(f.getString("channel", null)));
            }
            fire("game", "user=" + player + "&symbol=" + first);
            assertEquals("ok", event(game, "status", "status.update").getString("status"), "server status, live");
            assertEquals(
                    "99.5",
                    event(game, "user:" + player + ":portfolio", "portfolio_update")
                            .getString("totalValue"));

            JsonObject connections =
                    Api.json(api.get("api/connections", "X-API-Key", Api.KEY).body());
            assertTrue(
                    connections.getJsonArray("connections").stream()
                            .map(c -> c.asJsonObject().getString("user", ""))
                            .anyMatch(player::equals),
                    "the admin view lists the player");
        }
    }

    private void fire(String flow, String query) {
        HttpResponse<String> response = api.post("test-backend/" + flow + "?" + query, "");
        assertEquals(204, response.statusCode(), response.body());
    }

    /** The data of the next event of this name on this channel. */
    private static JsonObject event(TestClient client, String channel, String name) {
        return client.await(f -> "event".equals(f.getString("type", null))
                        && channel.equals(f.getString("channel", null))
                        && name.equals(f.getString("event", null)))
                .getJsonObject("data");
    }

    private static String tag() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }
}
