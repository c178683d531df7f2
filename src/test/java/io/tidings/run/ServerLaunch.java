package io.tidings.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the built WAR as a server process of its own, on WildFly or Payara Micro, on one HTTP port: shared by the
 * run command ({@link Serve}) and the tests of several nodes. Every other port of a node follows its HTTP port or is
 * given, so nodes on one machine never collide, and each WildFly node has its own server directory.
 */
public final class ServerLaunch {

    /** wss on {@code port} with the keystore's key {@code alias}. */
    public record Tls(int port, String keystore, String password, String alias) {}

    private ServerLaunch() {}

    /**
     * Payara Micro from {@code target/payara-micro.jar}.
     *
     * @param settings system properties of the server ({@code tidings.*}, {@code mp.jwt.*})
     * @param tls null for plain HTTP only
     */
    public static ProcessBuilder payara(
            Path target, Path postBoot, String bind, int port, Map<String, String> settings, Tls tls)
            throws IOException {
        // Payara Micro has no bind option: the listener's address is set before it starts
        Path preBoot = target.resolve("payara-pre-boot-" + port + ".asadmin");
        String listeners = "set configs.config.server-config.network-config.network-listeners.network-listener.";
        Files.writeString(
                preBoot,
                Files.readString(postBoot.resolveSibling("pre-boot-commands.asadmin"))
                        + listeners + "http-listener.address=" + bind + "\n"
                        + (tls != null ? listeners + "https-listener.address=" + bind + "\n" : ""));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
        if (tls != null) {
            command.add("-Djavax.net.ssl.keyStore=" + tls.keystore());
            command.add("-Djavax.net.ssl.keyStorePassword=" + tls.password());
        }
        command.addAll(List.of(
                "-jar",
                target.resolve("payara-micro.jar").toString(),
                "--deploy",
                target.resolve("tidings.war").toString(),
                "--contextroot",
                "/",
                "--port",
                Integer.toString(port),
                "--nohazelcast",
                "--disablephonehome",
                "--prebootcommandfile",
                preBoot.toString(),
                "--postbootcommandfile",
                postBoot.toString()));
        if (tls != null) {
            command.addAll(List.of("--sslport", Integer.toString(tls.port()), "--sslcert", tls.alias()));
        }
        return new ProcessBuilder(command);
    }

    /**
     * The WildFly provisioned in {@code home}, serving {@code war} from the server directory of this port (see
     * {@link #serverDirectory}); the management, AJP and internal listener's ports are moved by as much as
     * {@code port} is from 8080.
     *
     * @param tls null for plain HTTP only (the https listener then takes {@code httpsPort}, unused)
     */
    public static ProcessBuilder wildfly(
            Path home, Path war, String bind, int port, int httpsPort, Map<String, String> settings, Tls tls)
            throws IOException {
        Path base = serverDirectory(home, port);
        Files.copy(war, base.resolve("deployments/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/standalone.sh").toString());
        command.add("-Djboss.server.base.dir=" + base);
        command.addAll(otherPorts(port));
        command.add("-Djboss.http.port=" + port);
        command.add("-Djboss.bind.address=" + bind);
        command.add("-Djboss.https.port=" + (tls != null ? tls.port() : httpsPort));
        command.add("-Dtidings.tls.enabled=" + (tls != null));
        if (tls != null) {
            command.add("-Dtidings.tls.keystore=" + tls.keystore());
        }
        settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1"); // the script then forwards signals
        return builder;
    }

    /**
     * The WildFly server directory of the node on this port: the provisioned {@code standalone} for 8080, a copy of
     * its configuration for any other port, so that two nodes never share data, logs or deployments.
     */
    private static Path serverDirectory(Path home, int port) throws IOException {
        Path standalone = home.resolve("standalone");
        if (port == 8080) {
            return standalone;
        }
        Path base = home.resolve("standalone-" + port);
        if (!Files.isDirectory(base.resolve("configuration"))) {
            Files.createDirectories(base.resolve("deployments"));
            try (Stream<Path> files = Files.walk(standalone.resolve("configuration"))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path copy = base.resolve(standalone.relativize(file));
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return base;
    }

    /**
     * WildFly's management, AJP and internal listener's ports moved by as much as the HTTP port is from 8080, so nodes
     * do not collide.
     */
    private static List<String> otherPorts(int port) {
        int shift = port - 8080;
        List<String> settings = new ArrayList<>();
        Map<String, Integer> defaults = Map.of(
                "jboss.management.http.port",
                9990,
                "jboss.management.https.port",
                9993,
                "jboss.ajp.port",
                8009,
                "tidings.internal.port",
                8081);
        defaults.forEach((name, standard) -> {
            int moved = standard + shift;
            if (moved < 1 || moved > 65535) {
                throw new IllegalArgumentException("-Dport=" + port + " moves " + name + " out of range: pick another");
            }
            settings.add("-D" + name + "=" + moved);
        });
        return settings;
    }

    /** Whether {@code ready} answered 200 within {@code timeout}, polling while the server process lives. */
    public static boolean awaitReady(URI ready, Process server, Duration timeout) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(ready)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(500); // polling a server that is starting, bounded by the deadline
        }
        return false;
    }

    /** SIGTERM to the server and whatever it started, so it closes connections with 1012 first. */
    public static void stop(Process server) {
        server.descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        try {
            server.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
    }
}
