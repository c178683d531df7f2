package io.tidings.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.NodeScript;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trading game's client code (shared/systems/trading-game.md, sections 3 to 6) runs unchanged but for its base URL
 * against the token-data endpoint, from Node with the {@code ws} package ({@code game-client.mjs}): the session token
 * as the subprotocol or by {@code authenticate}, {@code get_all_tokens}, {@code subscribe_tokens} and the {@code
 * token_data} of what the backend publishes through the API and as typed CDI events; ping and pong; bad tokens and
 * bad input.
 */
class TradingGameDialectIT extends TidingsIT {

    @BeforeAll
    static void harnessInstalled() {
        NodeScript.requireHarness("node_modules/ws", "the ws package");
    }

    @Test
    void subprotocolTokenSnippetGetsAllTokensThenTokenDataFromTheApiAndFromCdiEvents() throws Exception {
        String fromApi = symbol();
        String fromCdi = symbol();
        String user = "game-" + fromApi.toLowerCase();
        fireTokenData(user, fromCdi); // before the client connects: its data is the token's state

        NodeScript client = game("v69", fromApi + "," + fromCdi, Tokens.hs256(user), 3);
        client.await("open true"); // the subprotocol it offered came back, or the connection would have failed
        client.await("connection_status authenticated " + user);
        client.await("authorized " + user);
        client.awaitStart("token_update ");
        client.await("tokens_subscribed " + fromApi + "," + fromCdi + " 2");
        String cdiData = "{\"symbol\":\"" + fromCdi
                + "\",\"price\":\"1.25\",\"change24h\":\"3.5\",\"marketCap\":\"1250000\",\"volume24h\":\"50000\"}";
        client.await("token_data " + fromCdi + " " + cdiData + " true"); // its latest data, right after subscribing

        String metrics = api.get("metrics").body();
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("tidings_dialect_connections{dialect=\"trading-game\"")
                                && !line.endsWith(" 0.0")),
                () -> "a trading game connection counted:\n" + metrics);

        publishTokenData(fromApi, "2.50");
        client.await("token_data " + fromApi + " {\"symbol\":\"" + fromApi + "\",\"price\":\"2.50\"} true");
        fireTokenData(user, fromCdi);
        client.await("token_data " + fromCdi + " " + cdiData + " true");
        client.await("closed 1000");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void getAllTokensAnswersTheLatestDataOfEveryToken() throws Exception {
        String symbol = symbol();
        fireTokenData("game-all", symbol);
        publishTokenData(symbol, "9.75");
        NodeScript client = game("v69", null, Tokens.hs256("game-all"), 0);
        client.await("open true");
        String answer = client.awaitStart("token_update ");
        assertTrue(answer.contains(symbol + "=9.75"), () -> "the latest data of " + symbol + ": " + answer);
        client.process().destroy();
    }

    @Test
    void messageAuthenticationSnippetIsAuthorizedAndReceivesTokenData() throws Exception {
        String symbol = symbol();
        String user = "legacy-" + symbol.toLowerCase();
        NodeScript client = game("legacy", symbol, Tokens.hs256(user), 1);
        client.await("open true");
        client.await("connection_status connected false");
        client.await("authentication_result success " + user);
        client.await("authorized " + user);
        client.await("tokens_subscribed " + symbol + " 1");
        fireTokenData(user, symbol);
        client.awaitStart("token_data " + symbol + " {\"symbol\":\"" + symbol + "\",\"price\":\"1.25\",");
        client.await("closed 1000");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void unsubscribedTokensGetNoMoreTokenData() throws Exception {
        String gone = symbol();
        String kept = symbol();
        NodeScript client = game("unsubscribe", gone + "," + kept, null, 0);
        client.await("tokens_subscribed " + gone + "," + kept + " 2");
        client.await("tokens_unsubscribed " + gone + " 1"); // only what was subscribed
        publishTokenData(gone, "1.00");
        publishTokenData(kept, "2.00");
        client.await("token_data " + kept + " {\"symbol\":\"" + kept + "\",\"price\":\"2.00\"} true");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
        assertFalse(client.toString().contains("token_data " + gone), client::toString);
    }

    @Test
    void pingIsAnsweredWithPongAndTheServersHeartbeatIsAWebSocketPing() throws Exception {
        NodeScript client = game("ping", null, null, 0);
        client.awaitAll("pong true", "server ping"); // it closes at the first pong after the server's ping
        client.await("closed 1000");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void aSubprotocolTokenThatIsNotAcceptedIsEchoedThenClosedWith1008() throws Exception {
        for (String token : new String[] {Tokens.hs256WithWrongSecret("mallory"), "not-a-session-token"}) {
            NodeScript client = game("badtoken", null, token, 0);
            client.await("open true");
            client.await("closed 1008 Invalid session token");
            assertEquals(0, client.exit(), () -> "it exits:\n" + client);
        }
    }

    @Test
    void badInputGetsTheGamesErrorsOrACloseWhileOtherClientsCarryOn() throws Exception {
        String symbol = symbol();
        NodeScript client = game("badinput", symbol, null, 0);
        client.await("raw 0 error BAD_REQUEST undefined"); // not JSON
        client.await("raw 1 error BAD_REQUEST drop_tables"); // an unknown type
        client.await("raw 2 error BAD_REQUEST subscribe_tokens"); // not a symbol
        client.await("raw 3 error BAD_REQUEST subscribe_tokens"); // more than 100 symbols
        client.await("raw 4 authentication_result failed undefined"); // a bad token by message
        client.await("raw 5 error BAD_REQUEST undefined"); // a binary frame
        client.await("raw 6 tokens_subscribed undefined 100");
        client.await("raw 7 tokens_subscribed undefined 100");
        client.await("raw 8 error TOO_MANY_SUBSCRIPTIONS subscribe_tokens"); // past 200 subscriptions
        client.await("raw closed 1009"); // a frame past the limit
        client.await("flood RATE_LIMITED");
        client.await("flood closed 4008");
        fireTokenData("game-good", symbol);
        client.awaitStart("good token_data " + symbol + " ");
        assertEquals(0, client.exit(), () -> "it exits:\n" + client);
    }

    /** Publishes {@code {symbol, price}} through the API, as a backend outside the WAR does. */
    private void publishTokenData(String symbol, String price) throws Exception {
        api.publish(
                "tokens:" + symbol,
                "token.update",
                Json.createObjectBuilder()
                        .add("symbol", symbol)
                        .add("price", price)
                        .build());
    }

    /** Fires the example backend's {@code TokenDataUpdated} (price 1.25) for the symbol, as a typed CDI event. */
    private void fireTokenData(String user, String symbol) throws Exception {
        assertEquals(
                204,
                api.post("test-backend/game?user=" + user + "&symbol=" + symbol, "")
                        .statusCode());
    }

    private NodeScript game(String mode, String symbols, String token, int tokenData) throws IOException {
        return NodeScript.start(
                "game-client.mjs",
                mode,
                base.toString(),
                symbols == null ? "" : symbols,
                token == null ? "" : token,
                Integer.toString(tokenData));
    }

    private static String symbol() {
        return "G"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }
}
