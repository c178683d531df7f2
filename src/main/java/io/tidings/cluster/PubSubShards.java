package io.tidings.cluster;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The pub/sub path of a single Redis (or one watched by Sentinel): a few connections, the topics spread over them by
 * hash. Subscribes and unsubscribes that come together are sent as one SUBSCRIBE (or UNSUBSCRIBE) per connection, in
 * order. Lettuce subscribes a connection's topics again when it reconnects (through Sentinel, to the current master);
 * {@link RedisBus} then hands off what was published meanwhile from the history.
 */
final class PubSubShards implements PubSub {

    private static final Logger LOG = Logger.getLogger(PubSubShards.class.getName());

    private final RedisClient client;
    private final Duration timeout;
    private final String probeTopics;
    private final BiConsumer<String, String> onMessage;
    private final Executor sender;
    private final AtomicReferenceArray<StatefulRedisPubSubConnection<String, String>> shards;
    private final List<Batches> batches = new ArrayList<>();
    /** The topics each connection should listen to (what it is subscribed to, or about to be). */
    private final List<Set<String>> topics = new ArrayList<>();
    /** Per connection, the last probe payload it received, and the last one published to it (0: none expected). */
    private final AtomicLongArray probeSeen;

    private final long[] probeSent;
    private final AtomicLong lastProbe = new AtomicLong();
    private final Confirmations confirmations;

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
        this.confirmations = new Confirmations(onSubscribed);
        this.sender = sender;
        int size = Math.max(1, count);
        this.shards = new AtomicReferenceArray<>(size);
        this.probeSeen = new AtomicLongArray(size);
        this.probeSent = new long[size];
        try {
            for (int i = 0; i < size; i++) {
                topics.add(ConcurrentHashMap.newKeySet());
                batches.add(new Batches(i));
                shards.set(i, open(i, List.of()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A connection listening to its probe topic and to {@code subscribed}. */
    private StatefulRedisPubSubConnection<String, String> open(int shard, Collection<String> subscribed) {
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
                if (topic.equals(probe)) {
                    return;
                }
                if (!topics.get(shard).contains(topic)) {
                    // unsubscribed meanwhile, or an unsubscribe that failed and Lettuce subscribed it again
                    batches.get(shard).add(new Change(false, topic));
                }
                confirmations.confirmed(topic);
            }
        });
        List<String> all = new ArrayList<>(subscribed);
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

    private String probeTopic(int shard) {
        return probeTopics + ":" + shard;
    }

    private int shardOf(String topic) {
        return Math.floorMod(topic.hashCode(), shards.length());
    }

    @Override
    public boolean connected() {
        for (int i = 0; i < shards.length(); i++) {
            if (!shards.get(i).isOpen()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public CompletableFuture<Void> subscribe(String topic) {
        CompletableFuture<Void> confirmed = confirmations.expect(topic);
        int shard = shardOf(topic);
        topics.get(shard).add(topic);
        batches.get(shard).add(new Change(true, topic));
        return confirmed;
    }

    @Override
    public void unsubscribe(String topic) {
        int shard = shardOf(topic);
        topics.get(shard).remove(topic);
        batches.get(shard).add(new Change(false, topic));
    }

    @Override
    public CompletableFuture<String> barrier(String topic) {
        return shards.get(shardOf(topic)).async().ping().toCompletableFuture();
    }

    @Override
    public int probe(ProbePublisher publisher) {
        int replaced = 0;
        for (int shard = 0; shard < probeSent.length; shard++) {
            if (probeSent[shard] != 0 && probeSeen.get(shard) != probeSent[shard]) {
                probeSent[shard] = 0;
                if (restart(shard)) {
                    replaced++;
                }
            }
            long payload = lastProbe.incrementAndGet();
            try {
                publisher.publish(probeTopic(shard), Long.toString(payload));
                probeSent[shard] = payload;
            } catch (BusUnavailableException | RedisException e) {
                probeSent[shard] = 0; // Redis did not take it: nothing to expect back
            }
        }
        return replaced;
    }

    /**
     * Replaces a connection by a new one listening to its topics, which Redis confirms (each confirmation reaching
     * {@code onSubscribed}) before the old connection is closed; false, keeping the old one, when Redis cannot be
     * reached.
     */
    private boolean restart(int shard) {
        Set<String> before = Set.copyOf(topics.get(shard));
        StatefulRedisPubSubConnection<String, String> fresh;
        try {
            fresh = open(shard, before);
        } catch (BusUnavailableException | RedisException e) {
            LOG.log(Level.FINE, "Replacing a pub/sub connection failed; tried again at the next probe", e);
            return false;
        }
        shards.getAndSet(shard, fresh).close();
        // what was subscribed or unsubscribed meanwhile went to the old connection: the new one follows it
        Set<String> now = Set.copyOf(topics.get(shard));
        Batches changes = batches.get(shard);
        now.stream().filter(topic -> !before.contains(topic)).forEach(topic -> changes.add(new Change(true, topic)));
        before.stream().filter(topic -> !now.contains(topic)).forEach(topic -> changes.add(new Change(false, topic)));
        return true;
    }

    @Override
    public void close() {
        for (int i = 0; i < shards.length(); i++) {
            StatefulRedisPubSubConnection<String, String> connection = shards.get(i);
            if (connection != null) {
                connection.close();
            }
        }
        confirmations.failAll();
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
        private void send(boolean subscribing, List<String> run) {
            String[] names = run.toArray(String[]::new);
            try {
                var connection = shards.get(shard).async();
                var sent = subscribing ? connection.subscribe(names) : connection.unsubscribe(names);
                sent.exceptionally(failure -> {
                    if (subscribing) {
                        run.forEach(topic -> confirmations.failed(topic, failure));
                    } else {
                        // handOff ignores what still arrives; if Lettuce subscribes it again after a reconnection,
                        // its confirmation sends the unsubscribe again
                        LOG.log(Level.FINE, "Unsubscribing from " + run.size() + " topics failed", failure);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                if (subscribing) {
                    run.forEach(topic -> confirmations.failed(topic, e));
                }
            }
        }
    }
}
