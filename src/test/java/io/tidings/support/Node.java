package io.tidings.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.run.ServerLaunch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One Tidings node of a test of several: the built WAR on WildFly ({@code target/server}, a server directory of its
 * own) or Payara Micro, as a process of the test's, with the test settings of {@code arquillian.xml} that matter
 * across nodes plus the node's own. Its output goes to {@code target/nodes/RUNTIME-PORT.log}, shown when it does not
 * start. Unlike an Arquillian container, it can be killed (SIGKILL) and started again.
 */
public final class Node implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** The nodes started and not stopped, for {@link NodeLogsOnFailure}. */
    static final java.util.Set<Node> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String runtime;
    private final int port;
    private final Map<String, String> settings;
    private final Path log;
    private Process process;

    private Node(String runtime, int port, Map<String, String> settings) {
        this.runtime = runtime;
        this.port = port;
        this.settings = settings;
        this.log = target().resolve("nodes/" + runtime + "-" + port + ".log");
    }

    /** A Payara Micro node, not started yet. */
    public static Node payara(Map<String, String> settings) {
        return new Node("payara", freePort(), withDefaults(settings));
    }

    /** A WildFly node, not started yet. */
    public static Node wildfly(Map<String, String> settings) {
        return new Node("wildfly", freePort(), withDefaults(settings));
    }

    private static Map<String, String> withDefaults(Map<String, String> own) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("tidings.api.key", Api.KEY);
        settings.put("tidings.jwt.secret", Tokens.SECRET);
        settings.put("tidings.demo.enabled", "false");
        settings.put("tidings.heartbeat.seconds", "1");
        settings.put("tidings.history.size", "2000");
        settings.put("tidings.outbound.queue", "4096");
        settings.put("tidings.limits.frames.per.second", "200");
        settings.put("tidings.limits.frames.burst", "400");
        settings.put("tidings.limits.connections.per.address.per.minute", "1000000");
        settings.putAll(own);
        return settings;
    }

    /** Starts it and returns once it is ready, or fails with the end of its log. */
    public Node start() {
        Path target = target();
        try {
            Files.createDirectories(log.getParent());
            Map<String, String> jvm = new TreeMap<>(settings);
            ProcessBuilder builder = runtime.equals("payara")
                    ? ServerLaunch.payara(
                            target, Path.of(System.getProperty("payara.postboot")), "127.0.0.1", port, jvm, null)
                    : ServerLaunch.wildfly(
                            Path.of(System.getProperty("wildfly.home")),
                            target.resolve("tidings.war"),
                            "127.0.0.1",
                            port,
                            freePort(),
                            jvm,
                            null);
            builder.environment().put("JAVA_OPTS", "-Xmx512m");
            process = builder.redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Process started = process;
            RUNNING.add(this);
            // a test JVM that ends without closing its nodes (killed, timed out) does not leave them running
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ServerLaunch.stop(started), "stop-" + this));
            if (!ServerLaunch.awaitReady(URI.create(http() + "/health/ready"), process, START_TIMEOUT)) {
                String said = tail();
                stop();
                fail(this + " did not become ready within " + START_TIMEOUT + "; its log ends:\n" + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    public int port() {
        return port;
    }

    public Api api() {
        try {
            return new Api(new URL(http() + "/"));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI ws(String namespace) {
        return api().ws(namespace);
    }

    /** Whether {@code /health/ready} answers 200 now. */
    public boolean ready() {
        return api().get("health/ready").statusCode() == 200;
    }

    /** Whether its log has a line that holds {@code text}. */
    public boolean logged(String text) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(line -> line.contains(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of its log that warn or report an error, the last 40 of them. */
    String warnings() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("WARN") || line.contains("SEVERE") || line.contains("ERROR"))
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL to the JVM of the server: no close frame, no cleanup, as when a machine dies. */
    public void kill() {
        List<ProcessHandle> all = process.descendants().toList();
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                fail(this + " did not die of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    public void stop() {
        if (process != null) {
            ServerLaunch.stop(process);
            process = null;
        }
        RUNNING.remove(this);
    }

    @Override
    public void close() {
        stop();
    }

    private String http() {
        return "http://127.0.0.1:" + port;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Path target() {
        return Path.of(System.getProperty("tidings.war")).getParent();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return (runtime.equals("payara") ? "Payara Micro" : "WildFly") + " node on port " + port;
    }
}
