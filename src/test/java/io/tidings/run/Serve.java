package io.tidings.run;

import io.tidings.support.Tokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        String tls = System.getProperty("tls");
        boolean secure = tls != null && !tls.equals("false");
        String tlsPort = System.getProperty("tls.port", "8443");
        String keystore = System.getProperty(
                "tidings.tls.keystore", target.resolve("tls/tidings-dev.p12").toString());
        String password = System.getProperty("tidings.tls.password", DevKeystore.PASSWORD);
        String alias = System.getProperty("tidings.tls.alias", DevKeystore.ALIAS);

        Map<String, String> settings = new TreeMap<>();
        settings.put("tidings.demo.enabled", "true");
        // each channel keeps its last quarter hour or so (the demo's klines come once a second): the demo page's
        // chart starts with the last 16 minutes from the history instead of the last two
        settings.put("tidings.history.size", "1000");
        settings.put("tidings.history.ttl.seconds", "1800");
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
            settings.put("tidings.dev.tokens", "true"); // and every namespace as any user: GET /dev/token?sub=
        }

        ServerLaunch.Tls wss =
                secure ? new ServerLaunch.Tls(Integer.parseInt(tlsPort), keystore, password, alias) : null;
        int httpPort = Integer.parseInt(port);
        ProcessBuilder builder = runtime.equals("payara")
                ? ServerLaunch.payara(target, postBoot, bind, httpPort, settings, wss)
                : ServerLaunch.wildfly(
                        target.resolve("wildfly-run"),
                        target.resolve("tidings.war"),
                        bind,
                        httpPort,
                        Integer.parseInt(tlsPort),
                        settings,
                        wss);
        Process server = builder.inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ServerLaunch.stop(server), "tidings-serve-stop"));

        String http = "http://" + bind + ":" + port;
        if (ServerLaunch.awaitReady(URI.create(http + "/health/ready"), server, READY_TIMEOUT)) {
            System.out.printf(
                    "%n  Tidings is ready on %s: %s  (WebSocket %s/ws%s, API key %s)%n%n",
                    runtime.equals("payara") ? "Payara Micro" : "WildFly",
                    http,
                    http.replaceFirst("^http", "ws"),
                    secure ? ", wss://" + bind + ":" + tlsPort + "/ws" : "",
                    apiKey);
            if (devSecret != null) {
                System.out.printf(
                        "  Admin monitor (this run's development token): %s/admin/?token=%s%n"
                                + "  A user's token (this run only): curl '%s/dev/token?sub=alice'%n%n",
                        http, adminToken(devSecret), http);
            }
        } else if (server.isAlive()) {
            System.err.println("Tidings did not become ready within " + READY_TIMEOUT.toMinutes() + " minutes");
        }
        System.exit(server.waitFor());
    }
}
