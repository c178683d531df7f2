package io.tidings.run;

import io.tidings.support.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Takes the README's screenshots of the demo page and the monitor (1280x800 PNGs) with the headless Chromium of the
 * browser tests, from a running Tidings with the demo feed (the run command), e.g.:
 *
 * <pre>
 * mvn -Pserve package                      # prints the monitor's link with this run's admin token
 * mvn -q test-compile exec:java -Dexec.mainClass=io.tidings.run.Screenshots -Dexec.classpathScope=test \
 *     -Dexec.args="http://127.0.0.1:8080 ADMIN_TOKEN docs/img"
 * </pre>
 *
 * The demo page drops its connection once, to show a reconnect that recovers; the monitor is taken after a minute of
 * the demo page's traffic. A development tool: not part of the WAR.
 */
public final class Screenshots {

    private static final Duration MONITOR_HISTORY = Duration.ofSeconds(60);

    private Screenshots() {}

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/+$", "");
        String adminToken = args[1];
        Path out = Path.of(args.length > 2 ? args[2] : "docs/img");
        Files.createDirectories(out);
        try (Browser demo = Browser.start(1280, 800);
                Browser monitor = Browser.start(1280, 800)) {
            monitor.open(base + "/admin/?token=" + adminToken);
            monitor.await("tidingsMonitor.stats", () -> "no figures: " + monitor.eval("tidingsMonitor.client.status"));
            demo.open(base + "/?symbol=BTCUSDT");
            demo.await(
                    "tidingsDemo.seen.connects === 1 && tidingsDemo.seen.tradeOffsets.length >= 3", () -> "no trades");
            demo.eval("document.getElementById('drop').click()"); // a reconnect that recovers, for both pages to show
            demo.await(
                    "tidingsDemo.seen.connects === 2 && tidingsDemo.seen.recovered > 0 && tidingsDemo.chart.drawn > 1"
                            + " && tidingsDemo.seen.tradeOffsets.length >= 15",
                    Duration.ofSeconds(60),
                    () -> "the demo page is not filled: is the demo feed on?");
            Files.write(out.resolve("demo.png"), demo.screenshot());

            monitor.await(
                    "tidingsMonitor.samples.length >= " + MONITOR_HISTORY.toSeconds(),
                    MONITOR_HISTORY.plusSeconds(30),
                    () -> "the monitor has no figures: " + monitor.eval("tidingsMonitor.client.status"));
            Files.write(out.resolve("monitor.png"), monitor.screenshot());
            System.out.println("Screenshots written to " + out.toAbsolutePath());
        }
    }
}
