package io.tidings.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Node.js script of the client harness ({@code clients/js/harness}, installed with its locked dependencies into
 * {@code target/client-package} by {@code run.ClientPackage} at {@code pre-integration-test}), its output (stdout and
 * stderr) collected line by line as it comes, for a test to wait for.
 */
public final class NodeScript implements AutoCloseable {

    public static final Path HARNESS = Path.of(System.getProperty("tidings.client.package", "target/client-package"));
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer all = new StringBuffer();

    private NodeScript(Process process) {
        this.process = process;
    }

    /**
     * Skips the test when the harness lacks what it needs (no Node.js or npm here), and fails it in CI, where it must
     * be there.
     *
     * @param installed a path in the harness, e.g. {@code node_modules/socket.io-client}
     */
    public static void requireInstalled(String installed) {
        if (!Files.exists(HARNESS.resolve(installed))) {
            String missing = "NO NODE: " + installed + " was not installed into " + HARNESS
                    + " (mvn pre-integration-test does it, with Node.js and npm)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
    }

    /** Runs {@code node script args...} in the harness directory, with these variables added to its environment. */
    public static NodeScript run(Map<String, String> environment, String script, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(System.getenv().getOrDefault("NODE", "node"));
        command.add(script);
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(HARNESS.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            NodeScript node = new NodeScript(builder.start());
            Thread pump = new Thread(node::pump, "node-" + script);
            pump.setDaemon(true);
            pump.start();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NodeScript run(String script, String... args) {
        return run(Map.of(), script, args);
    }

    private void pump() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(line -> {
                all.append(line).append('\n');
                lines.add(line);
            });
        } catch (IOException e) {
            all.append(e).append('\n');
        }
    }

    /** Waits for this line of output; lines before it are passed over. */
    public void await(String expected) throws InterruptedException {
        awaitAll(expected);
    }

    /** Waits for a line that starts so. */
    public void awaitStart(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (line.startsWith(prefix)) {
                return;
            }
        }
        process.destroy();
        fail("no line starting '" + prefix + "' within " + TIMEOUT + "; output:\n" + all);
    }

    /** Waits for each of these lines, in any order; lines between them are passed over. */
    public void awaitAll(String... expected) throws InterruptedException {
        Set<String> missing = new HashSet<>(List.of(expected));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (missing.remove(line) && missing.isEmpty()) {
                return;
            }
        }
        process.destroy();
        fail("no line(s) " + missing + " within " + TIMEOUT + "; output:\n" + all);
    }

    /** Waits for the script to end by itself, and returns its exit status. */
    public int exit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("still running after " + TIMEOUT + "; output:\n" + all);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
