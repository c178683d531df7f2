package io.tidings.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.Browser;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The demo page and the admin monitor in a real headless Chromium, fed by the test through the API. */
class PagesIT extends TidingsIT {

    private Browser browser;

    @BeforeEach
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theDemoPageShowsLiveTickerUpdatesAndKeepsItsBookOverSnapshotAndDeltas() {
        String symbol = "D" + tag();
        openDemo("?symbol=" + symbol);
        for (int i = 1; i <= 3; i++) {
            api.publish(
                    "ticker:" + symbol,
                    "ticker.update",
                    Json.createObjectBuilder()
                            .add("symbol", symbol)
                            .add("lastPrice", "100." + i)
                            .add("priceChange", "0.5")
                            .build());
        }
        browser.await(
                "tidingsDemo.seen.tickerUpdates >= 3", () -> "seen " + browser.eval("tidingsDemo.seen.tickerUpdates"));
        assertEquals("100.3", browser.driver().findElement(By.id("price")).getText());

        Map<String, String> bids = new TreeMap<>();
        Map<String, String> asks = new TreeMap<>();
        bids.put("99.0", "1");
        bids.put("98.0", "2");
        asks.put("101.0", "1");
        api.publish("orderbook:" + symbol, "orderbook.update", book("snapshot", 10, 10, bids, asks));
        for (long id = 11; id <= 20; id++) {
            Map<String, String> changedBids = new TreeMap<>();
            Map<String, String> changedAsks = new TreeMap<>();
            changedBids.put("9" + (id % 3) + ".5", Long.toString(id));
            changedAsks.put("101.0", id % 2 == 0 ? "0" : Long.toString(id)); // removed and back again
            apply(bids, changedBids);
            apply(asks, changedAsks);
            api.publish("orderbook:" + symbol, "orderbook.update", book("delta", id, id, changedBids, changedAsks));
        }
        browser.await(
                "tidingsDemo.book && tidingsDemo.book.lastUpdateId === 20",
                () -> "book " + browser.eval("JSON.stringify(tidingsDemo.book)"));
        assertEquals(levels(bids, true), browser.eval("JSON.stringify(tidingsDemo.book.bids)"));
        assertEquals(levels(asks, false), browser.eval("JSON.stringify(tidingsDemo.book.asks)"));
    }

    @Test
    void aPageSurvivesAServerSideCloseAndResumesWithTheEventsItMissed() {
        String symbol = "R" + tag();
        String user = "viewer-" + symbol;
        openDemo("?symbol=" + symbol + "&token=" + Tokens.hs256(user));
        api.publishMany("trades:" + symbol, "trade", 50, 50);
        browser.await("tidingsDemo.seen.tradeOffsets.length >= 50", this::tradeOffsets);

        var answer = api.post("api/users/" + user + "/disconnect", "", "X-API-Key", Api.KEY);
        assertEquals(1, Api.json(answer.body()).getInt("disconnected"), answer.body());
        api.publishMany("trades:" + symbol, "trade", 50, 10); // while it reconnects, and after
        browser.await(
                "tidingsDemo.seen.tradeOffsets.length >= 100 && tidingsDemo.seen.connects === 2", this::tradeOffsets);
        assertEquals(
                LongStream.rangeClosed(1, 100).boxed().toList().toString().replace(" ", ""),
                tradeOffsets(),
                "every offset once, in order: no gap, no duplicate");
    }

    @Test
    void aTokenRefreshedOnTokenExpiringKeepsTheConnection() {
        String user = "refresher-" + tag();
        // 62 s tokens: the server warns 60 s before expiry, so within a few seconds
        String tokenUrl = "/test-backend/token?user=" + user + "&seconds=62";
        openDemo("?symbol=T" + tag() + "&tokenUrl=" + URLEncoder.encode(tokenUrl, StandardCharsets.UTF_8));
        browser.await(
                "tidingsDemo.seen.authenticated >= 1",
                () -> "statuses " + browser.eval("JSON.stringify(tidingsDemo.seen.statuses)"));
        assertEquals(1L, browser.eval("tidingsDemo.seen.connects"), "refreshed on the open connection");
        assertEquals("open", browser.eval("tidingsDemo.client.status"));
    }

    @Test
    void theMonitorCountsAConnectionAndLogsItsCloseCode() {
        String admin = Tokens.hs256("root-" + tag(), "admin");
        browser.open(base + "admin/?token=" + admin);
        browser.await(
                "window.tidingsMonitor && tidingsMonitor.stats",
                () -> "no stats: " + browser.eval("tidingsMonitor.client && tidingsMonitor.client.status"));
        browser.await(
                "document.querySelectorAll('#nodes tr.node.up').length === 1 && tidingsMonitor.stats.nodes === 1",
                () -> "nodes: " + browser.eval("document.getElementById('nodes').innerText"));
        long before = (Long) browser.eval("tidingsMonitor.stats.connections");
        String user = "visitor-" + tag();
        TestClient visitor = TestClient.connect(URI.create(api.ws("ws") + "?token=" + Tokens.hs256(user)));
        browser.await(
                "tidingsMonitor.stats.connections > " + before,
                () -> "still " + browser.eval("tidingsMonitor.stats.connections"));
        visitor.send("{\"type\":\"nonsense\"}");
        browser.await(
                "tidingsMonitor.log.some(e => e.kind === 'error' && e.user === '" + user
                        + "' && e.error === 'bad_request')",
                () -> "log " + browser.eval("JSON.stringify(tidingsMonitor.log.slice(0, 5))"));
        visitor.close();
        browser.await(
                "tidingsMonitor.log.some(e => e.kind === 'disconnect' && e.user === '" + user + "' && e.code === 1000)",
                () -> "log " + browser.eval("JSON.stringify(tidingsMonitor.log.slice(0, 5))"));
        String shown = browser.driver().findElement(By.id("log")).getText();
        assertTrue(shown.contains(user) && shown.contains("1000"), shown);
    }

    @Test
    void theGatewayServesTheClientAndItsTypings() {
        var script = api.get("tidings.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("export class Tidings"), "the module");
        var typings = api.get("tidings.d.ts");
        assertEquals(200, typings.statusCode());
        assertTrue(typings.body().contains("export declare class Tidings"), "its typings");
        var monitor = api.get("admin/");
        assertEquals(200, monitor.statusCode());
        assertTrue(monitor.body().contains("Tidings monitor"));
    }

    private void openDemo(String query) {
        browser.open(base + query);
        browser.await(
                "tidingsDemo.client.status === 'open' && [...tidingsDemo.client.subscriptions.values()]"
                        + ".every(s => s.position.epoch !== null)",
                () -> "status " + browser.eval("tidingsDemo.client.status"));
    }

    private String tradeOffsets() {
        return (String) browser.eval("JSON.stringify(tidingsDemo.seen.tradeOffsets)");
    }

    private static JsonObject book(
            String type, long first, long last, Map<String, String> bids, Map<String, String> asks) {
        var data = Json.createObjectBuilder()
                .add("type", type)
                .add("lastUpdateId", last)
                .add("bids", pairs(bids))
                .add("asks", pairs(asks));
        if (type.equals("delta")) {
            data.add("firstUpdateId", first);
        }
        return data.build();
    }

    private static JsonArrayBuilder pairs(Map<String, String> levels) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        levels.forEach((price, quantity) ->
                array.add(Json.createArrayBuilder().add(price).add(quantity)));
        return array;
    }

    private static void apply(Map<String, String> book, Map<String, String> changes) {
        changes.forEach((price, quantity) -> {
            if (quantity.equals("0")) {
                book.remove(price);
            } else {
                book.put(price, quantity);
            }
        });
    }

    /** The page's levels as JSON: best first. */
    private static String levels(Map<String, String> book, boolean bids) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(book.entrySet());
        sorted.sort((a, b) -> bids
                ? Double.compare(Double.parseDouble(b.getKey()), Double.parseDouble(a.getKey()))
                : Double.compare(Double.parseDouble(a.getKey()), Double.parseDouble(b.getKey())));
        StringBuilder json = new StringBuilder("[");
        for (Map.Entry<String, String> level : sorted) {
            json.append(json.length() > 1 ? "," : "")
                    .append("[\"")
                    .append(level.getKey())
                    .append("\",\"")
                    .append(level.getValue())
                    .append("\"]");
        }
        return json.append("]").toString();
    }

    private static String tag() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }
}
