package io.tidings.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} of its own (Debian's {@code redis-server}, or {@code REDIS_SERVER}) on a free port, in
 * a temporary directory, without persistence unless asked ({@link #startPersistent}). Without one the Redis tests
 * say so loudly and are skipped; under {@code CI=true} that is a failure.
 */
public final class RedisServer implements AutoCloseable {

    private final String binary;
    private final int port;
    private final Path directory;
    private final boolean persistent;
    /** Settings beyond port, address, directory and persistence, as {@code redis-server} takes them. */
    private final List<String> settings;
    /** The line of its log that says it is ready. */
    private final String readyLine;
    /** A configuration file it is started with (Sentinel needs one it can rewrite), or null. */
    private final String config;

    private final Deque<String> log = new ArrayDeque<>();
    private Process process;

    private RedisServer(
            String binary,
            int port,
            Path directory,
            boolean persistent,
            List<String> settings,
            String readyLine,
            String config) {
        this.binary = binary;
        this.port = port;
        this.directory = directory;
        this.persistent = persistent;
        this.settings = settings;
        this.readyLine = readyLine;
        this.config = config;
    }

    public static RedisServer start() {
        return start(false);
    }

    /**
     * One that writes every command to its append-only file before answering ({@code appendfsync always}), so a
     * {@link #stop} and {@link #restart} keep everything, until {@link #wipe}.
     */
    public static RedisServer startPersistent() {
        return start(true);
    }

    private static RedisServer start(boolean persistent) {
        return start(persistent, List.of(), "Ready to accept connections", null);
    }

    /** A replica of {@code master}, returning once it has copied the master's data. */
    public static RedisServer replicaOf(RedisServer master) {
        return start(
                false,
                List.of("--replicaof", "127.0.0.1", Integer.toString(master.port)),
                "MASTER <-> REPLICA sync: Finished with success",
                null);
    }

    /**
     * A Sentinel watching {@code master} as {@code name} with the given quorum; it takes a master for down after a
     * second without an answer.
     */
    public static RedisServer sentinelOf(RedisServer master, String name, int quorum) {
        return start(
                false,
                List.of("--sentinel"),
                "+monitor master " + name,
                String.join(
                        "\n",
                        "sentinel monitor " + name + " 127.0.0.1 " + master.port + " " + quorum,
                        "sentinel down-after-milliseconds " + name + " 1000",
                        "sentinel failover-timeout " + name + " 5000"));
    }

    /** A node of a Redis Cluster, not yet part of one ({@code redis-cli --cluster create} joins them). */
    public static RedisServer clusterNode() {
        return start(false, List.of("--cluster-enabled", "yes"), "Ready to accept connections", null);
    }

    private static RedisServer start(boolean persistent, List<String> settings, String readyLine, String config) {
        String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
        if (!onPath(binary)) {
            String missing = "NO REDIS: the Redis tests need redis-server (" + binary
                    + " was not found; apt-get install" + " redis-server, or set REDIS_SERVER)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing);
        }
        try {
            RedisServer server = new RedisServer(
                    binary,
                    freePort(),
                    Files.createTempDirectory("tidings-redis"),
                    persistent,
                    settings,
                    readyLine,
                    config);
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** SIGKILL: it dies at once, as when its machine does. */
    public void kill() {
        if (process != null) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Stops it (its data is lost: it keeps none). */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Freezes it (SIGSTOP): connections stay open, nothing is answered. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                Assertions.fail("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops it and deletes what it kept: the next {@link #restart} starts empty, as after losing the machine. */
    public void wipe() {
        stop();
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts it again on the same port (empty, unless it is persistent and was not wiped) and returns once it
     * accepts connections.
     */
    public void restart() {
        stop();
        CountDownLatch ready = new CountDownLatch(1);
        try {
            List<String> command = new ArrayList<>(List.of(binary));
            if (config != null) {
                Path file = directory.resolve("redis.conf");
                Files.writeString(file, config + "\n");
                command.add(file.toString());
            }
            command.addAll(
                    List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", directory.toString()));
            if (config == null) {
                command.addAll(List.of(
                        "--save",
                        "",
                        "--appendonly",
                        persistent ? "yes" : "no",
                        "--appendfsync",
                        "always",
                        "--cluster-config-file",
                        directory.resolve("nodes.conf").toString()));
            }
            command.addAll(settings);
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            remember(line);
                            if (line.contains(readyLine)) {
                                ready.countDown();
                            }
                        }
                    } catch (IOException e) {
                        remember(e.toString());
                    }
                },
                "redis-server-log");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(20, TimeUnit.SECONDS)) {
                stop();
                Assertions.fail("redis-server did not start on port " + port + "; it said:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            delete(directory);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    private static void delete(Path path) throws IOException {
        try (var files = Files.walk(path)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private synchronized void remember(String line) {
        log.addLast(line);
        if (log.size() > 50) {
            log.removeFirst();
        }
    }

    private synchronized String log() {
        return String.join("\n", log);
    }

    private static boolean onPath(String binary) {
        if (binary.contains(File.separator)) {
            return new File(binary).canExecute();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, binary).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
