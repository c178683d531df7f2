package io.tidings.cluster;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The node's connections to Redis, whatever kind of deployment {@code tidings.redis.url} names: one command connection
 * (scripts, pings, probes; on a Cluster, routed by each call's first key) and the pub/sub path ({@link PubSubShards}
 * with PUBLISH, or {@link ClusterPubSub} with sharded pub/sub, SPUBLISH).
 */
final class RedisConnections implements AutoCloseable {

    /** How often a Cluster's topology is read again, besides when a redirect or a lost node says it changed. */
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final ClientResources resources;
    /** On a Cluster, the pub/sub client's own: its topology events are not the command client's too. */
    private ClientResources pubSubResources;

    private final AbstractRedisClient client;
    /** On a Cluster, the pub/sub path's own client: it queues a subscribe while a node's connection is opening. */
    private RedisClusterClient pubSubClient;

    private final Duration timeout;
    private StatefulConnection<String, String> connection;
    private RedisScriptingAsyncCommands<String, String> scripts;
    private BaseRedisAsyncCommands<String, String> commands;
    private PubSub pubSub;
    private final boolean sharded;

    /** What a new pub/sub path is given: where its messages and confirmations go, its probe topics, its sender. */
    record Listeners(
            String probeTopics, BiConsumer<String, String> onMessage, Consumer<String> onSubscribed, Executor sender) {}

    /**
     * Connects.
     *
     * @throws BusUnavailableException when Redis cannot be reached (nothing is left open)
     */
    RedisConnections(RedisUrl url, Duration timeout, int pubSubConnections, Listeners listeners) {
        this.timeout = timeout;
        this.resources = resources();
        SocketOptions socket =
                SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
        this.sharded = url.kind() == RedisUrl.Kind.CLUSTER;
        try {
            if (sharded) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, url.seeds());
                this.client = cluster;
                // while disconnected, fail at once (503) instead of queueing calls until they time out
                cluster.setOptions(clusterOptions(socket, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS));
                pubSubResources = resources();
                pubSubClient = RedisClusterClient.create(pubSubResources, url.seeds());
                // Lettuce opens a node's pub/sub connection on its first subscribe, which must wait for it
                pubSubClient.setOptions(clusterOptions(socket, ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS));
                StatefulRedisClusterConnection<String, String> opened = cluster.connect();
                connection = opened;
                scripts = opened.async();
                commands = opened.async();
                // opens the connection to every master now: with REJECT_COMMANDS, a first call would be refused
                RedisCalls.await(
                        opened.async().masters().commands().ping().toCompletableFuture(), timeout, "a ping of masters");
                pubSub = new ClusterPubSub(
                        pubSubClient,
                        timeout,
                        listeners.probeTopics(),
                        listeners.onMessage(),
                        listeners.onSubscribed());
            } else {
                RedisClient single = RedisClient.create(resources, url.single());
                this.client = single;
                single.setOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .socketOptions(socket)
                        .timeoutOptions(TimeoutOptions.enabled(timeout))
                        .build());
                StatefulRedisConnection<String, String> opened = single.connect();
                connection = opened;
                scripts = opened.async();
                commands = opened.async();
                pubSub = new PubSubShards(
                        single,
                        pubSubConnections,
                        timeout,
                        listeners.probeTopics(),
                        listeners.onMessage(),
                        listeners.onSubscribed(),
                        listeners.sender());
            }
        } catch (RuntimeException e) {
            close();
            throw e instanceof RedisException || e instanceof BusUnavailableException
                    ? new BusUnavailableException("Cannot connect to Redis at " + url.describe(), e)
                    : e;
        }
    }

    private static ClientResources resources() {
        return ClientResources.builder()
                // a Redis back after an outage is used again within a second
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    private ClusterClientOptions clusterOptions(SocketOptions socket, ClientOptions.DisconnectedBehavior disconnected) {
        return ClusterClientOptions.builder()
                .disconnectedBehavior(disconnected)
                .socketOptions(socket)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build();
    }

    RedisScriptingAsyncCommands<String, String> scripts() {
        return scripts;
    }

    RedisFuture<String> ping() {
        return commands.ping();
    }

    PubSub pubSub() {
        return pubSub;
    }

    /** What publish.lua publishes with: sharded pub/sub on a Cluster, so a message goes to its slot's node only. */
    String publishCommand() {
        return sharded ? "SPUBLISH" : "PUBLISH";
    }

    /**
     * Publishes as publish.lua publishes a publication (a probe, a node message).
     *
     * @return how many pub/sub connections heard it
     * @throws BusUnavailableException when Redis did not take it
     */
    long publish(String topic, String payload) {
        return RedisCalls.await(
                sharded ? commands.spublish(topic, payload) : commands.publish(topic, payload), timeout, "a publish");
    }

    @Override
    public void close() {
        if (pubSub != null) {
            pubSub.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, timeout);
        }
        if (pubSubClient != null) {
            pubSubClient.shutdown(Duration.ZERO, timeout);
        }
        resources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (pubSubResources != null) {
            pubSubResources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
