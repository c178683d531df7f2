package io.tidings.cluster;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.Disposable;

/**
 * The pub/sub path of a Redis Cluster: sharded pub/sub (SSUBSCRIBE, Redis 7), so a channel's messages come from the
 * node that owns its slot, over the one cluster pub/sub connection (Lettuce keeps a connection per node under it and
 * subscribes again when one reconnects). Lettuce does not follow a channel whose slot moves to another node (a
 * failover, a resharding): Redis drops the subscription ({@code sunsubscribed}), and this path subscribes again, as
 * it does for every topic when the topology changes. Each master has a probe topic in one of its slots.
 */
final class ClusterPubSub implements PubSub {

    private static final Logger LOG = Logger.getLogger(ClusterPubSub.class.getName());

    private final RedisClusterClient client;
    private final Duration timeout;
    private final String probeTopics;
    private final BiConsumer<String, String> onMessage;
    private final Confirmations confirmations;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    /** Per master node id, its probe topic; per probe topic, the last payload received and the last sent. */
    private final Map<String, String> probeTopicOf = new ConcurrentHashMap<>();

    private final Map<String, Long> probeSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> probeSent = new ConcurrentHashMap<>();
    private final AtomicLong lastProbe = new AtomicLong();
    private final Disposable topologyChanges;
    private volatile StatefulRedisClusterPubSubConnection<String, String> connection;

    ClusterPubSub(
            RedisClusterClient client,
            Duration timeout,
            String probeTopics,
            BiConsumer<String, String> onMessage,
            Consumer<String> onSubscribed) {
        this.client = client;
        this.timeout = timeout;
        this.probeTopics = probeTopics;
        this.onMessage = onMessage;
        this.confirmations = new Confirmations(onSubscribed);
        this.connection = open();
        this.topologyChanges = client.getResources()
                .eventBus()
                .get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .cast(ClusterTopologyChangedEvent.class)
                .subscribe(this::followMovedSlots);
    }

    private StatefulRedisClusterPubSubConnection<String, String> open() {
        StatefulRedisClusterPubSubConnection<String, String> opened = client.connectPubSub();
        opened.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String topic, String payload) {
                if (topic.startsWith(probeTopics)) {
                    probeSeen.put(topic, Long.parseLong(payload));
                } else {
                    onMessage.accept(topic, payload);
                }
            }

            @Override
            public void ssubscribed(RedisClusterNode node, String topic, long count) {
                if (topic.startsWith(probeTopics)) {
                    return;
                }
                if (!topics.contains(topic)) {
                    // unsubscribed meanwhile, or an unsubscribe that failed and Lettuce subscribed it again
                    sunsubscribe(topic);
                }
                confirmations.confirmed(topic);
            }

            @Override
            public void sunsubscribed(RedisClusterNode node, String topic, long count) {
                if (topics.contains(topic) || probeTopicOf.containsValue(topic)) {
                    // not ours: the slot moved, and Lettuce will not follow it
                    ssubscribe(topic);
                }
            }
        });
        return opened;
    }

    @Override
    public CompletableFuture<Void> subscribe(String topic) {
        CompletableFuture<Void> confirmed = confirmations.expect(topic);
        topics.add(topic);
        ssubscribe(topic);
        return confirmed;
    }

    /** Topics of different slots cannot share a command: one each, which Lettuce sends to the slot's owner. */
    private void ssubscribe(String topic) {
        try {
            connection.async().ssubscribe(topic).exceptionally(failure -> {
                confirmations.failed(topic, failure);
                return null;
            });
        } catch (RuntimeException e) {
            confirmations.failed(topic, e);
        }
    }

    @Override
    public void unsubscribe(String topic) {
        topics.remove(topic);
        sunsubscribe(topic);
    }

    private void sunsubscribe(String topic) {
        try {
            connection.async().sunsubscribe(topic).exceptionally(failure -> {
                LOG.log(Level.FINE, "Unsubscribing from " + topic + " failed", failure);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Unsubscribing from " + topic + " failed", e);
        }
    }

    @Override
    public CompletableFuture<?> barrier(String topic) {
        RedisClusterNode owner = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(topic));
        if (owner == null) {
            return CompletableFuture.failedFuture(new BusUnavailableException("no node owns " + topic, null));
        }
        return connection
                .getConnectionAsync(owner.getNodeId())
                .thenCompose(node -> node.async().ping().toCompletableFuture());
    }

    @Override
    public boolean connected() {
        return connection.isOpen();
    }

    /** After a topology change: each topic whose slot changed owner again, so it follows it to its new node. */
    private void followMovedSlots(ClusterTopologyChangedEvent changed) {
        Map<Integer, String> before = owners(changed.before());
        Map<Integer, String> after = owners(changed.after());
        for (String topic : topics) {
            int slot = SlotHash.getSlot(topic);
            if (!Objects.equals(before.get(slot), after.get(slot))) {
                ssubscribe(topic);
            }
        }
        probeTopicOf.values().forEach(this::sunsubscribe);
        probeTopicOf.clear(); // chosen again, one per master, at the next probe
        probeSent.clear();
    }

    private static Map<Integer, String> owners(List<RedisClusterNode> nodes) {
        Map<Integer, String> owners = new HashMap<>();
        for (RedisClusterNode node : nodes) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                node.getSlots().forEach(slot -> owners.put(slot, node.getNodeId()));
            }
        }
        return owners;
    }

    @Override
    public int probe(ProbePublisher publisher) {
        boolean stalled = false;
        for (Map.Entry<String, Long> sent : probeSent.entrySet()) {
            if (sent.getValue() != 0 && !sent.getValue().equals(probeSeen.get(sent.getKey()))) {
                stalled = true;
            }
        }
        probeSent.clear();
        int replaced = stalled && restart() ? 1 : 0;
        for (RedisClusterNode master : masters()) {
            String topic = probeTopicOf.get(master.getNodeId());
            if (topic == null || SlotHash.getSlot(topic) != firstSlot(master)) {
                topic = probeTopicFor(firstSlot(master));
                probeTopicOf.put(master.getNodeId(), topic);
                ssubscribe(topic); // heard from the next round on
                continue;
            }
            long payload = lastProbe.incrementAndGet();
            try {
                publisher.publish(topic, Long.toString(payload));
                probeSent.put(topic, payload);
            } catch (BusUnavailableException | RedisException e) {
                // Redis did not take it: nothing to expect back
            }
        }
        return replaced;
    }

    private List<RedisClusterNode> masters() {
        List<RedisClusterNode> masters = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                masters.add(node);
            }
        }
        return masters;
    }

    private static int firstSlot(RedisClusterNode master) {
        return master.getSlots().get(0);
    }

    /** A probe topic of this node in the given slot: its hash tag is the first number that hashes there. */
    private String probeTopicFor(int slot) {
        for (int tag = 0; ; tag++) {
            if (SlotHash.getSlot(Integer.toString(tag)) == slot) {
                return probeTopics + ":{" + tag + "}";
            }
        }
    }

    /** A new cluster pub/sub connection with every topic, then the old one closed; false when Redis is away. */
    private boolean restart() {
        StatefulRedisClusterPubSubConnection<String, String> old = connection;
        StatefulRedisClusterPubSubConnection<String, String> fresh = null;
        Set<String> before = Set.copyOf(topics);
        try {
            fresh = open();
            List<CompletableFuture<?>> subscribed = new ArrayList<>();
            for (String topic : before) {
                subscribed.add(fresh.async().ssubscribe(topic).toCompletableFuture());
            }
            for (String topic : probeTopicOf.values()) {
                subscribed.add(fresh.async().ssubscribe(topic).toCompletableFuture());
            }
            RedisCalls.await(
                    CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)),
                    timeout,
                    "the subscriptions of a new pub/sub connection");
        } catch (BusUnavailableException | RedisException e) {
            if (fresh != null) {
                fresh.close();
            }
            LOG.log(Level.FINE, "Replacing the cluster pub/sub connection failed; tried again at the next probe", e);
            return false;
        }
        connection = fresh;
        old.close();
        // what was subscribed or unsubscribed meanwhile went to the old connection: the new one follows it
        Set<String> now = Set.copyOf(topics);
        now.stream().filter(topic -> !before.contains(topic)).forEach(this::ssubscribe);
        before.stream().filter(topic -> !now.contains(topic)).forEach(this::sunsubscribe);
        return true;
    }

    @Override
    public void close() {
        topologyChanges.dispose();
        connection.close();
        confirmations.failAll();
    }
}
