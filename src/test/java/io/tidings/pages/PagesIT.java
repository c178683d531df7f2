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
import java.time.Duration;
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
        browser.await(
                "tidingsMonitor.stats.byDialect.tidings > 0"
                        + " && document.getElementById('byDialect').innerText.includes('tidings')",
                () -> "by dialect: " + browser.eval("JSON.stringify(tidingsMonitor.stats.byDialect)"));
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
    void theDemoPageDrawsItsKlineChartFromTheHistoryWithinThreeSecondsWithoutAConsoleError() {
        String symbol = "K" + tag() + "USDT";
        long minute = System.currentTimeMillis() / 60_000 * 60_000;
        var klines = Json.createArrayBuilder();
        for (int i = 20; i >= 1; i--) {
            klines.add(publication("klines:" + symbol + ":1m", "kline.update", kline(symbol, minute - i * 60_000L, i)));
        }
        var batch = api.post(
                "api/publish/batch",
                Json.createObjectBuilder().add("publications", klines).build().toString(),
                "X-API-Key",
                Api.KEY);
        assertEquals(200, batch.statusCode(), batch.body());

        browser.open(base + "?symbol=" + symbol); // returns once the page has loaded
        browser.await(
                "tidingsDemo.seen.historyKlines === 20 && tidingsDemo.chart.drawn === 20"
                        + " && document.querySelector('#chart canvas')",
                Duration.ofSeconds(3),
                () -> "chart " + browser.eval("JSON.stringify(tidingsDemo.chart)") + ", "
                        + browser.driver().findElement(By.id("chartNote")).getText());
        assertTrue(
                browser.driver().findElement(By.id("chartNote")).getText().startsWith("20 candles from the history"),
                browser.driver().findElement(By.id("chartNote")).getText());

        api.publish("klines:" + symbol + ":1m", "kline.update", kline(symbol, minute, 0)); // the live candle
        browser.await(
                "tidingsDemo.chart.drawn === 21", () -> "chart " + browser.eval("JSON.stringify(tidingsDemo.chart)"));
        assertEquals(List.of(), browser.consoleErrors(), "the browser's console");
    }

    @Test
    void theOrderBookShowsHeadersDepthAndSpreadTradesStayTextAndTheSymbolSwitchResubscribes() {
        String first = "B" + tag() + "USDT";
        String second = "S" + tag() + "USDT";
        openDemo("?symbols=" + first + "," + second + "&symbol=" + first);
        Map<String, String> bids = new TreeMap<>(Map.of("99.0", "1.5", "98.0", "2.5"));
        Map<String, String> asks = new TreeMap<>(Map.of("101.0", "1", "102.0", "3"));
        api.publish("orderbook:" + first, "orderbook.update", book("snapshot", 1, 1, bids, asks));
        browser.await(
                "document.getElementById('spread').textContent.startsWith('Spread 2.0 ')",
                () -> "spread " + browser.driver().findElement(By.id("spread")).getText());
        assertEquals(
                "[\"Price (USDT)\",\"Amount (" + first.replace("USDT", "") + ")\",\"Total\"]",
                browser.eval("JSON.stringify([...document.querySelectorAll('#asks')[0].closest('table')"
                        + ".querySelectorAll('thead th')].map(th => th.textContent))"));
        assertEquals(
                "[[\"99.0\",\"1.5\",\"1.5\",\"37.5%\"],[\"98.0\",\"2.5\",\"4.0\",\"100.0%\"]]",
                browser.eval("JSON.stringify([...document.querySelectorAll('#bids tr')].map(tr => [...tr.cells]"
                        + ".map(td => td.textContent).concat(tr.style.getPropertyValue('--depth'))))"),
                "best bid first, running totals, depth shaded against the deepest side");
        assertEquals(
                "[\"102.0\",\"101.0\"]",
                browser.eval(
                        "JSON.stringify([...document.querySelectorAll('#asks tr')].map(tr => tr.cells[0].textContent))"),
                "the best ask next to the spread");

        String markup = "<img src=x onerror=\"window.injected=1\">";
        api.publish(
                "trades:" + first,
                "trade",
                Json.createObjectBuilder()
                        .add("price", markup)
                        .add("quantity", "0.5")
                        .add("side", "sell")
                        .add("tradeTime", 0)
                        .build());
        browser.await(
                "document.getElementById('trades').textContent.includes('<img')",
                () -> "trades " + browser.driver().findElement(By.id("trades")).getText());
        assertEquals(
                true, browser.eval("document.querySelector('#trades img') === null && window.injected === undefined"));
        String trades = browser.driver().findElement(By.id("trades")).getText();
        assertTrue(trades.matches("(?s).*\\d\\d:\\d\\d:\\d\\d .*"), "with its time: " + trades);

        browser.eval("(select => { select.value = '" + second + "'; select.dispatchEvent(new Event('change')); })"
                + "(document.getElementById('symbol'))");
        browser.await(
                "tidingsDemo.client.subscriptions.has('ticker:" + second + "')"
                        + " && !tidingsDemo.client.subscriptions.has('ticker:" + first + "')"
                        + " && [...tidingsDemo.client.subscriptions.values()].every(s => s.position.epoch !== null)",
                () -> "subscriptions " + browser.eval("JSON.stringify([...tidingsDemo.client.subscriptions.keys()])"));
        assertTrue(((String) browser.eval("location.search")).contains("symbol=" + second));
        assertEquals(
                "waiting for the book…",
                browser.driver().findElement(By.id("spread")).getText());
        api.publish(
                "ticker:" + second,
                "ticker.update",
                Json.createObjectBuilder()
                        .add("lastPrice", "7.25")
                        .add("highPrice", "8.00")
                        .add("bestBid", "7.24")
                        .add("bestAsk", "7.26")
                        .build());
        browser.await(
                "document.getElementById('price').textContent === '7.25'",
                () -> "price " + browser.driver().findElement(By.id("price")).getText());
        assertEquals("8.00", browser.driver().findElement(By.id("high")).getText());
        assertEquals("7.26", browser.driver().findElement(By.id("bestAsk")).getText());
        assertEquals(List.of(), browser.consoleErrors(), "the browser's console");
    }

    @Test
    void theMonitorChartsLiveTraffic() {
        String admin = Tokens.hs256("charts-" + tag(), "admin");
        browser.open(base + "admin/?token=" + admin);
        browser.await(
                "tidingsMonitor.charts.deliveries && tidingsMonitor.charts.latency",
                () -> "no charts: " + browser.eval("tidingsMonitor.samples.length"));
        long before = (Long) browser.eval("tidingsMonitor.charts.deliveries.data[0].length");

        String channel = "trades:M" + tag();
        try (TestClient subscriber = TestClient.connect(api.ws("ws"))) {
            subscriber.subscribe(channel);
            api.publishMany(channel, "trade", 300, 300);
            subscriber.awaitEvents(channel, 300);
            browser.await(
                    "tidingsMonitor.charts.deliveries.data[0].length > " + before
                            + " && tidingsMonitor.charts.deliveries.data[1].some(v => v >= 100)"
                            + " && tidingsMonitor.charts.frames.data[2].some(v => v >= 100)"
                            + " && tidingsMonitor.charts.latency.data[2].some(v => v !== null && v > 0)",
                    () -> "deliveries " + browser.eval("JSON.stringify(tidingsMonitor.charts.deliveries.data[1])")
                            + ", p99 " + browser.eval("JSON.stringify(tidingsMonitor.charts.latency.data[2])"));
        }
        assertEquals(
                4L,
                browser.eval("document.querySelectorAll('.chart canvas').length"),
                "connections, frames, deliveries, latency");
        assertEquals(
                "[\"Time\",\"Kind\",\"Namespace\",\"User\",\"Code / reason\",\"Connection\"]",
                browser.eval(
                        "JSON.stringify([...document.querySelectorAll('#logBox thead th')].map(th => th.textContent))"));
        browser.driver().findElement(By.id("filter")).sendKeys("no-such-entry");
        assertEquals(
                "No entry matches “no-such-entry”.",
                browser.driver().findElement(By.id("log")).getText());
        assertEquals(List.of(), browser.consoleErrors(), "the browser's console");
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
        assertEquals(200, api.get("favicon.svg").statusCode(), "the pages' icon");
        assertEquals(200, api.get("webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode(), "the charts' library");
        assertEquals(200, api.get("api/channels/klines:BTCUSDT:1m/history").statusCode(), "a public channel's history");
        assertEquals(401, api.get("api/channels/user:alice:orders/history").statusCode(), "a private one's");
        assertEquals(
                401,
                api.get("api/channels/status/history", "X-API-Key", "wrong").statusCode(),
                "a wrong key");
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

    private static JsonObject publication(String channel, String event, JsonObject data) {
        return Json.createObjectBuilder()
                .add("channel", channel)
                .add("event", event)
                .add("data", data)
                .build();
    }

    /** A closed 1-minute kline around 100, up or down by the minute. */
    private static JsonObject kline(String symbol, long openTime, int i) {
        String open = "100." + (i % 10);
        String close = "100." + ((i + (i % 2 == 0 ? 3 : -3) + 10) % 10);
        return Json.createObjectBuilder()
                .add("symbol", symbol)
                .add("interval", "1m")
                .add("openTime", openTime)
                .add("closeTime", openTime + 59_999)
                .add("open", open)
                .add("high", "101.0")
                .add("low", "99.0")
                .add("close", close)
                .add("volume", "1." + i)
                .add("trades", i)
                .add("closed", i != 0)
                .build();
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
