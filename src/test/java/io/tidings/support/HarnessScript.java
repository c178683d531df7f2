package io.tidings.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A script of the Node client harness ({@code clients/js/harness}, installed with its locked npm dependencies into
 * {@code target/client-package} by {@code ClientPackage}) run as a process, its output collected line by line as it
 * comes, to wait for the line expected.
 */
public final class HarnessScript {

    private static final Path HARNESS = Path.of(System.getProperty("tidings.client.package", "target/client-package"));
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer all = new StringBuffer();

    private HarnessScript(Process process) {
        this.process = process;
    }

    /** Skips the test without Node and the harness (fails it on CI), as the other harness tests do. */
    public static void requireInstalled(String module) {
        if (!Files.isDirectory(HARNESS.resolve("node_modules").resolve(module))) {
            String missing = "NO NODE: " + module + " was not installed into " + HARNESS
                    + " (mvn pre-integration-test does it, with Node.js and npm)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
    }

    /** Runs {@code node script args...} in the harness with these environment variables. */
    public static HarnessScript run(Map<String, String> environment, String script, String... args) throws IOException {
        String[] command = new String[args.length + 2];
        command[0] = System.getenv().getOrDefault("NODE", "node");
        command[1] = script;
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        HarnessScript started = new HarnessScript(
                builder.directory(HARNESS.toFile()).redirectErrorStream(true).start());
        Thread pump = new Thread(started::pump);
        pump.setDaemon(true);
        pump.start();
        return started;
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

    /** Waits for each of these lines, in any order; lines before the last are passed over. */
    public void awaitAll(String... expected) throws InterruptedException {
        Set<String> missing = new HashSet<>(List.of(expected));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (missing.remove(line) && missing.isEmpty()) {
                return;
            }
        }
        process.destroy();
        Assertions.fail("no lines " + missing + " within " + TIMEOUT + "; output:\n" + all);
    }

    /** Waits for the script to end by itself; its exit status. */
    public int exit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            Assertions.fail("still running after " + TIMEOUT + "; output:\n" + all);
        }
        return process.exitValue();
    }

    /** Ends a script that would run on. */
    public void stop() {
        process.destroy();
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
