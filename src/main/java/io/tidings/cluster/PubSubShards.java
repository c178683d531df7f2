package io.tidings.cluster;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's few pub/sub connections to Redis, the topics of its channels spread over them by channel hash: a node
 * listens to thousands of channels without a connection each. Lettuce subscribes a connection's topics again when
 * it reconnects; {@link RedisBus} then hands off what was published meanwhile from the history.
 */
final class PubSubShards implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PubSubShards.class.getName());

    private final List<StatefulRedisPubSubConnection<String, String>> shards = new ArrayList<>();

    /**
     * @param onMessage called with each message's topic and payload, on the Redis client's I/O thread
     * @param onSubscribed called with a topic each time Redis confirms a subscription to it, also when Lettuce
     *     subscribes again after a reconnect, on the I/O thread before any message of that subscription
     */
    PubSubShards(RedisClient client, int count, BiConsumer<String, String> onMessage, Consumer<String> onSubscribed) {
        try {
            for (int i = 0; i < Math.max(1, count); i++) {
                StatefulRedisPubSubConnection<String, String> shard = client.connectPubSub();
                shard.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String topic, String payload) {
                        onMessage.accept(topic, payload);
                    }

                    @Override
                    public void subscribed(String topic, long count) {
                        onSubscribed.accept(topic);
                    }
                });
                shards.add(shard);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Completes when Redis has confirmed the subscription: every message published afterwards reaches this node. */
    CompletableFuture<Void> subscribe(String channel, String topic) {
        return shard(channel).async().subscribe(topic).toCompletableFuture();
    }

    void unsubscribe(String channel, String topic) {
        shard(channel).async().unsubscribe(topic).exceptionally(failure -> {
            // Redis forgets a closed connection's subscriptions; handOff ignores what still arrives meanwhile
            LOG.log(Level.FINE, "Unsubscribing from " + topic + " failed", failure);
            return null;
        });
    }

    /** Completes once Redis has answered a ping on the channel's connection, after every message it sent before. */
    CompletableFuture<String> ping(String channel) {
        return shard(channel).async().ping().toCompletableFuture();
    }

    private StatefulRedisPubSubConnection<String, String> shard(String channel) {
        return shards.get(Math.floorMod(channel.hashCode(), shards.size()));
    }

    @Override
    public void close() {
        shards.forEach(StatefulRedisPubSubConnection::close);
    }
}
