package io.tidings.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.support.Browser;
import io.tidings.support.TidingsIT;
import jakarta.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * tidings-client as an application gets it, packed with {@code npm pack} and installed by name (into
 * {@code target/client-package} by {@code io.tidings.run.ClientPackage}, which also type-checks it), used from Node
 * with the {@code ws} package and bundled with React into a page under StrictMode in Chromium.
 */
class ClientPackageIT extends TidingsIT {

    private static final Path HARNESS = Path.of(System.getProperty("tidings.client.package", "target/client-package"));
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @BeforeAll
    static void packageInstalled() {
        if (!Files.isRegularFile(HARNESS.resolve("app.js"))) {
            String missing = "NO NODE: tidings-client was not installed into " + HARNESS
                    + " (mvn pre-integration-test does it, with Node.js and npm)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
    }

    @Test
    void nodeImportsThePackageByNameWithWsAndReceivesAnEvent() throws Exception {
        String channel = "trades:N" + tag();
        String node = System.getenv().getOrDefault("NODE", "node");
        Output client = Output.of(
                new ProcessBuilder(node, "node-client.mjs", api.ws("ws").toString(), channel));
        client.await("subscribed " + channel);
        api.publish(channel, "trade", Json.createObjectBuilder().add("n", 7).build());
        client.await("event {\"n\":7}");
        assertEquals(0, client.exit(TIMEOUT), () -> "it closes and exits:\n" + client);
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
            page.executeScript(Files.readString(HARNESS.resolve("app.js")));
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

    /** A process in the harness directory, its output (stdout and stderr) collected line by line as it comes. */
    private record Output(Process process, BlockingQueue<String> lines, StringBuffer all) {

        static Output of(ProcessBuilder command) throws IOException {
            Process process = command.directory(HARNESS.toFile())
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

        /** Waits for this line of output. */
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

        int exit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                Assertions.fail("still running after " + timeout + "; output:\n" + all);
            }
            return process.exitValue();
        }

        @Override
        public String toString() {
            return all.toString();
        }
    }
}
