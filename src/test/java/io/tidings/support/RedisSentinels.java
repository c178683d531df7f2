package io.tidings.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis master, its replica and three Sentinels (quorum two) watching them, each a real {@code redis-server} of
 * its own: the shape of a production Sentinel deployment, on one machine.
 */
public final class RedisSentinels implements AutoCloseable {

    public static final String MASTER = "tidings";

    private final List<RedisServer> data = new ArrayList<>();
    private final List<RedisServer> sentinels = new ArrayList<>();

    private RedisSentinels() {}

    public static RedisSentinels start() {
        RedisSentinels all = new RedisSentinels();
        try {
            RedisServer master = RedisServer.start();
            all.data.add(master);
            all.data.add(RedisServer.replicaOf(master));
            for (int i = 0; i < 3; i++) {
                all.sentinels.add(RedisServer.sentinelOf(master, MASTER, 2));
            }
            return all;
        } catch (RuntimeException | Error e) {
            all.close();
            throw e;
        }
    }

    /** {@code tidings.redis.url} for this deployment. */
    public String url() {
        return "redis-sentinel://"
                + sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","))
                + "/0#" + MASTER;
    }

    /** The port of the master as the Sentinels see it now. */
    public int masterPort() {
        RedisClient client = RedisClient.create();
        try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel(
                RedisURI.create("redis://127.0.0.1:" + sentinels.get(0).port()))) {
            SocketAddress master = sentinel.sync().getMasterAddrByName(MASTER);
            return ((InetSocketAddress) master).getPort();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * Returns once the replica has everything the master took so far (replication is asynchronous: a master killed
     * right after a write may take it with it, and the channel then starts a new epoch).
     */
    public void awaitReplicated() {
        int port = masterPort();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (var master = client.connect()) {
            long replicas = master.sync().waitForReplication(1, 10_000);
            if (replicas < 1) {
                throw new AssertionError("the replica did not catch up with the master within 10 s");
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Kills the current master with SIGKILL and returns its port. */
    public int killMaster() {
        int port = masterPort();
        data.stream()
                .filter(server -> server.port() == port)
                .findFirst()
                .orElseThrow()
                .kill();
        return port;
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServer::close);
        data.forEach(RedisServer::close);
    }
}
