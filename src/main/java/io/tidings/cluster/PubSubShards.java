package io.tidings.cluster;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's few pub/sub connections to Redis, the topics of its channels spread over them by channel hash: a node
 * listens to thousands of channels without a connection each. Subscribes and unsubscribes that come together are sent
 * as one SUBSCRIBE (or UNSUBSCRIBE) per connection, in order. Lettuce subscribes a connection's topics again when it
 * reconnects; {@link RedisBus} then hands off what was published meanwhile from the history. Each connection also
 * listens to a probe topic of its own, so that a connection that stays open but no longer delivers is noticed
 * ({@link #probeTopic}, {@link #probeSeen}) and replaced ({@link #restart}).
 */
final class PubSubShards implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PubSubShards.class.getName());

    private final RedisClient client;
    private final Duration timeout;
    private final String probeTopics;
    private final BiConsumer<String, String> onMessage;
    private final Consumer<String> onSubscribed;
    private final Executor sender;
    private final AtomicReferenceArray<StatefulRedisPubSubConnection<String, String>> shards;
    private final List<Batches> batches = new ArrayList<>();
    /** Per connection, the last probe payload it received. */
    private final AtomicLongArray probeSeen;
    /** Subscribes sent and not yet confirmed by Redis, by topic, in the order they were sent. */
    private final Map<String, Queue<CompletableFuture<Void>>> unconfirmed = new ConcurrentHashMap<>();

    /**
     * @param probeTopics the start of this node's probe topics, unique to the node
     * @param onMessage called with each message's topic and payload, on the Redis client's I/O thread
     * @param onSubscribed called with a topic each time Redis confirms a subscription to it, also when Lettuce
     *     subscribes again after a reconnect, on the I/O thread before any message of that subscription
     * @param sender where batched commands are sent from
     */
    PubSubShards(
            RedisClient client,
            int count,
            Duration timeout,
            String probeTopics,
            BiConsumer<String, String> onMessage,
            Consumer<String> onSubscribed,
            Executor sender) {
        this.client = client;
        this.timeout = timeout;
        this.probeTopics = probeTopics;
        this.onMessage = onMessage;
        this.onSubscribed = onSubscribed;
        this.sender = sender;
        int size = Math.max(1, count);
        this.shards = new AtomicReferenceArray<>(size);
        this.probeSeen = new AtomicLongArray(size);
        try {
            for (int i = 0; i < size; i++) {
                shards.set(i, open(i, List.of()));
                batches.add(new Batches(i));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A connection listening to its probe topic and to {@code topics}. */
    private StatefulRedisPubSubConnection<String, String> open(int shard, Collection<String> topics) {
        StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
        String probe = probeTopic(shard);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String topic, String payload) {
                if (topic.equals(probe)) {
                    probeSeen.set(shard, Long.parseLong(payload));
                } else {
                    onMessage.accept(topic, payload);
                }
            }

            @Override
            public void subscribed(String topic, long count) {
                if (!topic.equals(probe)) {
                    onSubscribed.accept(topic);
                    CompletableFuture<Void> waiting = nextUnconfirmed(topic);
                    if (waiting != null) {
                        waiting.complete(null);
                    }
                }
            }
        });
        List<String> all = new ArrayList<>(topics);
        all.add(probe);
        try {
            RedisCalls.await(
                    connection.async().subscribe(all.toArray(String[]::new)), timeout, "a pub/sub subscription");
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    int size() {
        return shards.length();
    }

    /** The topic on which connection {@code shard} hears this node's probes. */
    String probeTopic(int shard) {
        return probeTopics + ":" + shard;
    }

    /** The last probe payload connection {@code shard} received. */
    long probeSeen(int shard) {
        return probeSeen.get(shard);
    }

    /** Whether every connection is connected now (a dropped one reconnects by itself). */
    boolean connected() {
        for (int i = 0; i < shards.length(); i++) {
            if (!shards.get(i).isOpen()) {
                return false;
            }
        }
        return true;
    }

    /** The connection a channel's topic goes to. */
    int shardOf(String channel) {
        return Math.floorMod(channel.hashCode(), shards.length());
    }

    /** Completes when Redis has confirmed the subscription: every message published afterwards reaches this node. */
    CompletableFuture<Void> subscribe(String channel, String topic) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        unconfirmed.compute(topic, (name, queue) -> {
            Queue<CompletableFuture<Void>> waiting = queue == null ? new ConcurrentLinkedQueue<>() : queue;
            waiting.add(confirmed);
            return waiting;
        });
        batches.get(shardOf(channel)).add(new Change(true, topic));
        return confirmed;
    }

    /** Takes the oldest subscribe of the topic that waits for Redis's confirmation, or null. */
    private CompletableFuture<Void> nextUnconfirmed(String topic) {
        AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>();
        unconfirmed.computeIfPresent(topic, (name, queue) -> {
            next.set(queue.poll());
            return queue.isEmpty() ? null : queue;
        });
        return next.get();
    }

    void unsubscribe(String channel, String topic) {
        batches.get(shardOf(channel)).add(new Change(false, topic));
    }

    /** Completes once Redis has answered a ping on the channel's connection, after every message it sent before. */
    CompletableFuture<String> ping(String channel) {
        return shards.get(shardOf(channel)).async().ping().toCompletableFuture();
    }

    /**
     * Replaces connection {@code shard} by a new one listening to {@code topics}, which Redis confirms (each
     * confirmation reaching {@code onSubscribed}) before the old connection is closed.
     *
     * @throws BusUnavailableException when Redis cannot be reached; the old connection stays
     */
    void restart(int shard, Collection<String> topics) {
        StatefulRedisPubSubConnection<String, String> fresh = open(shard, topics);
        shards.getAndSet(shard, fresh).close();
    }

    @Override
    public void close() {
        for (int i = 0; i < shards.length(); i++) {
            StatefulRedisPubSubConnection<String, String> connection = shards.get(i);
            if (connection != null) {
                connection.close();
            }
        }
        unconfirmed.keySet().forEach(topic -> failed(topic, new BusUnavailableException("the bus closed", null)));
    }

    private record Change(boolean subscribe, String topic) {}

    /**
     * The subscribes and unsubscribes of one connection waiting to be sent: whoever adds to an idle queue has the
     * sender drain it, so what comes meanwhile goes out together, and nothing waits for a timer.
     */
    private final class Batches {

        private final int shard;
        private final Queue<Change> waiting = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();

        Batches(int shard) {
            this.shard = shard;
        }

        void add(Change change) {
            waiting.add(change);
            if (draining.compareAndSet(false, true)) {
                sender.execute(this::drain);
            }
        }

        private void drain() {
            do {
                List<String> run = new ArrayList<>();
                boolean subscribing = true;
                for (Change change; (change = waiting.poll()) != null; ) {
                    if (!run.isEmpty() && change.subscribe() != subscribing) {
                        send(subscribing, run);
                        run = new ArrayList<>();
                    }
                    subscribing = change.subscribe();
                    run.add(change.topic());
                }
                if (!run.isEmpty()) {
                    send(subscribing, run);
                }
                draining.set(false);
            } while (!waiting.isEmpty() && draining.compareAndSet(false, true));
        }

        /** One command for a run of changes of one kind, in the order they came. */
        private void send(boolean subscribing, List<String> topics) {
            String[] names = topics.toArray(String[]::new);
            try {
                var connection = shards.get(shard).async();
                var sent = subscribing ? connection.subscribe(names) : connection.unsubscribe(names);
                sent.exceptionally(failure -> {
                    if (subscribing) {
                        topics.forEach(topic -> failed(topic, failure));
                    } else {
                        // Redis forgets a closed connection's subscriptions; handOff ignores what still arrives
                        LOG.log(Level.FINE, "Unsubscribing from " + topics.size() + " topics failed", failure);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                if (subscribing) {
                    topics.forEach(topic -> failed(topic, e));
                }
            }
        }
    }

    /** Fails every subscribe of the topic still waiting for Redis's confirmation. */
    private void failed(String topic, Throwable failure) {
        Queue<CompletableFuture<Void>> waiting = unconfirmed.remove(topic);
        if (waiting != null) {
            waiting.forEach(subscribe -> subscribe.completeExceptionally(failure));
        }
    }
}
