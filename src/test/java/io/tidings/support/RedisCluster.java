package io.tidings.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of three masters, each a real {@code redis-server} of its own, joined by {@code redis-cli --cluster
 * create} (Debian's {@code redis-tools}, which {@code redis-server} depends on).
 */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisServer> masters = new ArrayList<>();

    private RedisCluster() {}

    public static RedisCluster start() {
        RedisCluster cluster = new RedisCluster();
        try {
            for (int i = 0; i < 3; i++) {
                cluster.masters.add(RedisServer.clusterNode());
            }
            cluster.create();
            for (RedisServer master : cluster.masters) {
                Await.until(
                        "cluster_state:ok on port " + master.port(),
                        Duration.ofSeconds(30),
                        () -> cluster.info(master).contains("cluster_state:ok"));
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code tidings.redis.url} for it: its seeds. */
    public String url() {
        return "redis://" + masters.stream().map(m -> "127.0.0.1:" + m.port()).collect(Collectors.joining(","));
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        masters.forEach(master -> command.add("127.0.0.1:" + master.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Process create =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                fail("redis-cli --cluster create failed:\n" + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String info(RedisServer master) {
        RedisClient client = RedisClient.create(master.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().clusterInfo();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        masters.forEach(RedisServer::close);
    }
}
