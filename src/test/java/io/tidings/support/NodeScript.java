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
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A Node script of the client harness ({@code clients/js/harness}, installed with its locked npm packages into {@code
 * target/client-package} by {@code ClientPackage}), run as a process; its output collected line by line as it comes.
 */
public record NodeScript(Process process, BlockingQueue<String> lines, StringBuffer all) {

    public static final Path HARNESS = Path.of(System.getProperty("tidings.client.package", "target/client-package"));
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Aborts the test (fails it on CI) when the harness lacks this npm package: Node or npm was missing. */
    public static void requirePackage(String name) {
        requireInstalled("node_modules/" + name, name);
    }

    /**
     * Aborts the test (fails it on CI) when the harness lacks this file or directory, {@code what} the installation
     * makes: Node or npm was missing.
     */
    public static void requireInstalled(String path, String what) {
        if (!Files.exists(HARNESS.resolve(path))) {
            String missing = "NO NODE: " + what + " was not installed into " + HARNESS
                    + " (mvn pre-integration-test does it, with Node.js and npm)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
    }

    /** Runs {@code node script args...} in the harness directory, with these variables added to its environment. */
    public static NodeScript run(String script, Map<String, String> environment, String... args) throws IOException {
        String[] command = new String[args.length + 2];
        command[0] = System.getenv().getOrDefault("NODE", "node");
        command[1] = script;
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process =
                builder.directory(HARNESS.toFile()).redirectErrorStream(true).start();
        NodeScript output = new NodeScript(process, new LinkedBlockingQueue<>(), new StringBuffer());
        Thread pump = new Thread(() -> {
            try (var reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> {
                    output.all.append(line).append('\n');
                    output.lines.add(line);
                });
            } catch (IOException | UncheckedIOException e) { // destroyed by the test: its output ends there
                output.all.append(e).append('\n');
            }
        });
        pump.setDaemon(true);
        pump.start();
        return output;
    }

    /** Waits for this line of output; lines before it are passed over. */
    public void await(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (line.equals(expected)) {
                return;
            }
        }
        process.destroy();
        Assertions.fail("no line '" + expected + "' within " + TIMEOUT + "; output:\n" + all);
    }

    /** Waits for a line that starts so, and answers it. */
    public String awaitStart(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        process.destroy();
        return Assertions.fail("no line starting '" + prefix + "' within " + TIMEOUT + "; output:\n" + all);
    }

    /** Waits for each of these lines, in any order. */
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

    /** The exit code, once it exited (within the timeout, else the test fails). */
    public int exit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            Assertions.fail("still running after " + TIMEOUT + "; output:\n" + all);
        }
        return process.exitValue();
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
