package io.tidings.run;

import io.tidings.support.Tokens;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The README's run command ({@code mvn -Pserve package}, and {@code -Ppayara}): starts the built WAR on WildFly or
 * Payara Micro, forwards every {@code -Dtidings.*} and {@code -Dmp.jwt.*} given to Maven (and, by inheritance, every
 * {@code TIDINGS_*} environment variable) to the server, prints where it listens once it is ready, and stops it
 * (clients get 1012) when Maven is stopped. {@code -Dtls} adds wss on {@code -Dtls.port} (8443) with the development
 * keystore, or {@code -Dtidings.tls.keystore}, {@code .password} and {@code .alias}. {@code -Dredis=URL} runs it on
 * the Redis bus ({@code tidings.redis.url}); a second node beside the first takes another {@code -Dport}: WildFly's
 * other ports follow it and each port has its own server directory. Run by the exec plugin inside
 * Maven's JVM, where {@code -D} settings are system properties. A development tool: it is not part of the WAR.
 */
public final class Serve {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private Serve() {}

    /**
     * @param args {@code runtime} ({@code wildfly} or {@code payara}), the build directory, the Payara post-boot
     *     command file
     */
    private static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    private static String devSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** A token of role admin for 12 hours, signed with this run's development secret. */
    private static String adminToken(String secret) {
        java.time.Instant now = java.time.Instant.now();
        return Tokens.hs256(
                new com.nimbusds.jwt.JWTClaimsSet.Builder()
                        .subject("admin")
                        .issueTime(java.util.Date.from(now))
                        .expirationTime(java.util.Date.from(now.plusSeconds(12 * 3600)))
                        .claim("groups", List.of("admin"))
                        .build(),
                secret);
    }

    public static void main(String[] args) throws Exception {
        String runtime = args[0];
        Path target = Path.of(args[1]);
        Path postBoot = Path.of(args[2]);
        String port = System.getProperty("port", "8080");
        String bind = System.getProperty("bind", "127.0.0.1");
        String apiKey = System.getProperty("api.key", "dev-key");
        Path war = target.resolve("tidings.war");
        String tls = System.getProperty("tls");
        boolean secure = tls != null && !tls.equals("false");
        String tlsPort = System.getProperty("tls.port", "8443");
        String keystore = System.getProperty(
                "tidings.tls.keystore", target.resolve("tls/tidings-dev.p12").toString());
        String password = System.getProperty("tidings.tls.password", DevKeystore.PASSWORD);
        String alias = System.getProperty("tidings.tls.alias", DevKeystore.ALIAS);

        Map<String, String> settings = new TreeMap<>();
        settings.put("tidings.demo.enabled", "true");
        String redis = System.getProperty("redis");
        if (redis != null && !redis.isBlank()) {
            settings.put("tidings.redis.url", redis);
        }
        settings.put("tidings.api.key", apiKey);
        settings.put("tidings.origins", "*");
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("tidings.") || name.startsWith("mp.jwt."))
                .forEach(name -> settings.put(name, System.getProperty(name)));
        String devSecret = null;
        if (Stream.of("tidings.jwt.secret", "mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location")
                .noneMatch(key -> settings.containsKey(key) || System.getenv(envName(key)) != null)) {
            devSecret = devSecret(); // so the admin monitor can be tried: a fresh one per run, printed as a token
            settings.put("tidings.jwt.secret", devSecret);
        }

        List<String> command = new ArrayList<>();
        ProcessBuilder builder;
        if (runtime.equals("payara")) {
            Path preBoot = target.resolve("payara-pre-boot.asadmin");
            // Payara Micro has no bind option: the listener's address is set before it starts
            String listeners = "set configs.config.server-config.network-config.network-listeners.network-listener.";
            Files.writeString(
                    preBoot,
                    listeners + "http-listener.address=" + bind + "\n"
                            + (secure ? listeners + "https-listener.address=" + bind + "\n" : ""));
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
            if (secure) {
                command.add("-Djavax.net.ssl.keyStore=" + keystore);
                command.add("-Djavax.net.ssl.keyStorePassword=" + password);
            }
            command.addAll(List.of(
                    "-jar",
                    target.resolve("payara-micro.jar").toString(),
                    "--deploy",
                    war.toString(),
                    "--contextroot",
                    "/",
                    "--port",
                    port,
                    "--nohazelcast",
                    "--disablephonehome",
                    "--prebootcommandfile",
                    preBoot.toString(),
                    "--postbootcommandfile",
                    postBoot.toString()));
            if (secure) {
                command.addAll(List.of("--sslport", tlsPort, "--sslcert", alias));
            }
            builder = new ProcessBuilder(command);
        } else {
            Path home = target.resolve("wildfly-run");
            Path base = serverDirectory(home, port);
            Files.copy(war, base.resolve("deployments/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
            command.add(home.resolve("bin/standalone.sh").toString());
            command.add("-Djboss.server.base.dir=" + base);
            command.addAll(otherPorts(Integer.parseInt(port)));
            command.add("-Djboss.http.port=" + port);
            command.add("-Djboss.bind.address=" + bind);
            command.add("-Djboss.https.port=" + tlsPort);
            command.add("-Dtidings.tls.enabled=" + secure);
            command.add("-Dtidings.tls.keystore=" + keystore);
            settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
            builder = new ProcessBuilder(command);
            builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1"); // the script then forwards signals
        }
        Process server = builder.inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "tidings-serve-stop"));

        String http = "http://" + bind + ":" + port;
        if (awaitReady(URI.create(http + "/health/ready"), server)) {
            System.out.printf(
                    "%n  Tidings is ready on %s: %s  (WebSocket %s/ws%s, API key %s)%n%n",
                    runtime.equals("payara") ? "Payara Micro" : "WildFly",
                    http,
                    http.replaceFirst("^http", "ws"),
                    secure ? ", wss://" + bind + ":" + tlsPort + "/ws" : "",
                    apiKey);
            if (devSecret != null) {
                System.out.printf(
                        "  Admin monitor (this run's development token): %s/admin/?token=%s%n%n",
                        http, adminToken(devSecret));
            }
        }
        System.exit(server.waitFor());
    }

    /**
     * The WildFly server directory of the node on this port: the provisioned {@code standalone} for 8080, a copy of
     * its configuration for any other port, so that two nodes never share data, logs or deployments.
     */
    private static Path serverDirectory(Path home, String port) throws IOException {
        Path standalone = home.resolve("standalone");
        if (port.equals("8080")) {
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

    /** WildFly's management and AJP ports moved by as much as the HTTP port is from 8080, so nodes do not collide. */
    private static List<String> otherPorts(int port) {
        int shift = port - 8080;
        List<String> settings = new ArrayList<>();
        Map<String, Integer> defaults =
                Map.of("jboss.management.http.port", 9990, "jboss.management.https.port", 9993, "jboss.ajp.port", 8009);
        defaults.forEach((name, standard) -> {
            int moved = standard + shift;
            if (moved < 1 || moved > 65535) {
                throw new IllegalArgumentException("-Dport=" + port + " moves " + name + " out of range: pick another");
            }
            settings.add("-D" + name + "=" + moved);
        });
        return settings;
    }

    private static boolean awaitReady(URI ready, Process server) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
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
        System.err.println("Tidings did not become ready within " + READY_TIMEOUT.toMinutes() + " minutes");
        return false;
    }

    /** SIGTERM to the server and whatever it started, so it closes connections with 1012 first. */
    private static void stop(Process server) {
        server.descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        try {
            server.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.destroyForcibly();
    }
}
