package io.tidings.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A Node script of the client harness ({@code clients/js/harness}, installed with its locked npm dependencies into
 * {@code target/client-package} by {@code io.tidings.run.ClientPackage}), run as a process of the test: its output
 * (stdout and stderr) collected line by line as it comes and awaited with a timeout, its stdin open for lines to
 * send.
 */
public final class NodeScript implements AutoCloseable {

    public static final Path HARNESS = Path.of(System.getProperty("tidings.client.package", "target/client-package"));
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer all = new StringBuffer();

    private NodeScript(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Skips the test loudly when the harness was not installed (no Node or npm here); under {@code CI=true} fails it.
     *
     * @param installed a path in the harness that the test needs, e.g. {@code node_modules/ws}
     */
    public static void requireHarness(String installed, String what) {
        if (!Files.exists(HARNESS.resolve(installed))) {
            String missing = "NO NODE: " + what + " was not installed into " + HARNESS
                    + " (mvn pre-integration-test does it, with Node.js and npm)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
    }

    /** Runs {@code node} (or {@code $NODE}) with these arguments in the harness, with these environment variables. */
    public static NodeScript start(Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(System.getenv().getOrDefault("NODE", "node"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        NodeScript script = new NodeScript(
                builder.directory(HARNESS.toFile()).redirectErrorStream(true).start());
        Thread pump = new Thread(() -> {
            try (var reader = new BufferedReader(
                    new InputStreamReader(script.process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> {
                    script.all.append(line).append('\n');
                    script.lines.add(line);
                });
            } catch (IOException e) {
                script.all.append(e).append('\n');
            }
        });
        pump.setDaemon(true);
        pump.start();
        return script;
    }

    public static NodeScript start(String... arguments) throws IOException {
        return start(Map.of(), arguments);
    }

    public Process process() {
        return process;
    }

    /** The next line of output that matches; lines before it are passed over. */
    public String await(String what, Predicate<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (expected.test(line)) {
                return line;
            }
        }
        process.destroy();
        return fail("no line " + what + " within " + TIMEOUT + "; output:\n" + all);
    }

    /** Waits for this line of output; lines before it are passed over. */
    public void await(String expected) throws InterruptedException {
        await("'" + expected + "'", expected::equals);
    }

    /** Waits for a line that starts so, and returns it. */
    public String awaitStart(String prefix) throws InterruptedException {
        return await("starting '" + prefix + "'", line -> line.startsWith(prefix));
    }

    /** Waits for each of these lines, in any order. */
    public void awaitAll(String... expected) throws InterruptedException {
        Set<String> missing = new HashSet<>(List.of(expected));
        await("each of " + missing, line -> missing.remove(line) && missing.isEmpty());
    }

    /** Writes a line to the script's stdin. */
    public void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its exit value, failing when it has not exited within {@link #TIMEOUT}. */
    public int exit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return fail("still running after " + TIMEOUT + "; output:\n" + all);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroy();
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
