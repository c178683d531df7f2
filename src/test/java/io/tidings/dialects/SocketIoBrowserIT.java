package io.tidings.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Browser;
import io.tidings.support.NodeScript;
import io.tidings.support.TidingsIT;
import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The official {@code socket.io-client}'s browser bundle ({@code dist/socket.io.min.js}, from npm) in headless
 * Chromium, on a page of the gateway: the exchange gateway's client code with the client's default transports polls,
 * upgrades to a WebSocket, and receives what the backend publishes. A page of another origin polls only when {@code
 * tidings.origins} allows it (here {@code http://allowed.test}), with the CORS headers its browser needs.
 */
class SocketIoBrowserIT extends TidingsIT {

    @BeforeAll
    static void bundleInstalled() {
        NodeScript.requireHarness("node_modules/socket.io-client/dist/socket.io.min.js", "socket.io-client");
    }

    @Test
    void theBrowserBundlePollsUpgradesAndReceivesEvents() throws Exception {
        String symbol = "B"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
        try (Browser browser = Browser.start()) {
            browser.open(base + "tidings.js"); // a page of the gateway: the client is same-origin, as an app's would be
            JavascriptExecutor page = (JavascriptExecutor) browser.driver();
            page.executeScript(Files.readString(
                    NodeScript.HARNESS.resolve("node_modules/socket.io-client/dist/socket.io.min.js")));
            page.executeScript("""
                    const [path, symbol] = arguments;
                    window.seen = { transports: [], upgraded: null, subscribed: false, updates: [] };
                    // the exchange gateway's snippet, the URL of this origin; the client's default transports
                    const socket = io(location.origin + '/ws', { path });
                    socket.io.on('open', () => {
                      seen.transports.push(socket.io.engine.transport.name);
                      socket.io.engine.on('upgrade', (transport) => { seen.upgraded = transport.name; });
                    });
                    socket.emit('subscribe', { channel: 'ticker', symbol });
                    socket.on('subscribed', () => { seen.subscribed = true; });
                    socket.on('ticker.update', (message) => seen.updates.push(message.data.n));
                    """, base.getPath() + "socket.io/", symbol);
            browser.await(
                    "seen.subscribed && seen.upgraded === 'websocket'",
                    () -> "seen: " + browser.eval("JSON.stringify(seen)"));
            assertEquals(List.of("polling"), browser.eval("seen.transports"), "it starts with long-polling");
            for (int n = 1; n <= 3; n++) {
                api.publish(
                        "ticker:" + symbol,
                        "ticker.update",
                        Json.createObjectBuilder().add("n", n).build());
            }
            browser.await("seen.updates.length === 3", () -> "seen: " + browser.eval("JSON.stringify(seen)"));
            assertEquals(List.of(1L, 2L, 3L), browser.eval("seen.updates"));
            assertEquals(
                    List.of(),
                    browser.consoleErrors().stream()
                            .filter(error -> !error.contains("/favicon.ico")) // the server root's, not the app's
                            .toList(),
                    "no errors in the page");
        }
    }

    @Test
    void aPageOfAnAllowedOriginMayPollAcrossOriginsAndOthersMayNot() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI open = URI.create(base + "socket.io/?EIO=4&transport=polling");

        HttpResponse<String> allowed = http.send(
                HttpRequest.newBuilder(open)
                        .header("Origin", "http://allowed.test")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, allowed.statusCode(), allowed::body);
        assertTrue(allowed.body().startsWith("0{"), allowed::body);
        assertEquals(Optional.of("http://allowed.test"), allowed.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(Optional.of("true"), allowed.headers().firstValue("Access-Control-Allow-Credentials"));

        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(open)
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://allowed.test")
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode(), preflight::body);
        assertEquals(Optional.of("http://allowed.test"), preflight.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(Optional.of("authorization"), preflight.headers().firstValue("Access-Control-Allow-Headers"));

        HttpResponse<String> other = http.send(
                HttpRequest.newBuilder(open)
                        .header("Origin", "http://evil.test")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, other.statusCode(), other::body);
        assertEquals(Optional.empty(), other.headers().firstValue("Access-Control-Allow-Origin"));
    }
}
