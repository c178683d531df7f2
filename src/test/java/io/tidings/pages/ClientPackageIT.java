package io.tidings.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.support.Browser;
import io.tidings.support.NodeScript;
import io.tidings.support.TidingsIT;
import jakarta.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * tidings-client as an application gets it, packed with {@code npm pack} and installed by name (into
 * {@code target/client-package} by {@code io.tidings.run.ClientPackage}, which also type-checks it), used from Node
 * with the {@code ws} package and bundled with React into a page under StrictMode in Chromium.
 */
class ClientPackageIT extends TidingsIT {

    @BeforeAll
    static void packageInstalled() {
        NodeScript.requireInstalled("app.js", "tidings-client");
    }

    @Test
    void nodeImportsThePackageByNameWithWsAndReceivesAnEvent() throws Exception {
        String channel = "trades:N" + tag();
        NodeScript client =
                NodeScript.run("node-client.mjs", Map.of(), api.ws("ws").toString(), channel);
        client.await("subscribed " + channel);
        api.publish(channel, "trade", Json.createObjectBuilder().add("n", 7).build());
        client.await("event {\"n\":7}");
        assertEquals(0, client.exit(), () -> "it closes and exits:\n" + client);
    }

    @Test
    void theReactHooksUnderStrictModeShowLiveEvents() throws IOException {
        String channel = "trades:R" + tag();
        try (Browser browser = Browser.start()) {
            // a page of the gateway, so that the socket is same-origin; the React page replaces it
            browser.open(base + "tidings.js");
            JavascriptExecutor page = (JavascriptExecutor) browser.driver();
            page.executeScript("""
                    document.body.innerHTML = '<div id="root"></div>';
                    window.tidingsTest = { url: arguments[0], channel: arguments[1], sockets: [] };
                    const Native = window.WebSocket;
                    window.WebSocket = class extends Native {
                      constructor(...args) { super(...args); tidingsTest.sockets.push(this); }
                    };
                    """, api.ws("ws").toString(), channel);
            page.executeScript(Files.readString(NodeScript.HARNESS.resolve("app.js")));
            browser.await(
                    "document.getElementById('status').textContent === 'open'"
                            + " && document.getElementById('subscribed').textContent === 'true'",
                    () -> "shown: " + browser.eval("document.body.innerText"));
            assertEquals(2L, browser.eval("tidingsTest.mounts"), "StrictMode mounted, cleaned up and mounted again");

            for (int n = 1; n <= 3; n++) {
                api.publish(
                        channel, "trade", Json.createObjectBuilder().add("n", n).build());
            }
            browser.await(
                    "document.querySelectorAll('#trades li').length === 3",
                    () -> "shown: " + browser.eval("document.body.innerText"));
            assertEquals("1\n2\n3", browser.eval("document.getElementById('trades').innerText"));
            assertEquals("3", browser.eval("document.getElementById('last').textContent"));
            assertEquals(
                    List.of(3L, 1L),
                    browser.eval("tidingsTest.sockets.map(s => s.readyState)"),
                    "the first mount's socket closed, the second's open");
        }
    }

    private static String tag() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
    }
}
