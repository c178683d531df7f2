package io.tidings.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * The node's pub/sub path from Redis: a few connections, never one per channel or client. Each connection also
 * listens to a probe topic of its own, so that one that stays open but no longer delivers is noticed and replaced.
 * Messages and confirmations reach the callbacks given at construction, on the Redis client's I/O threads.
 */
interface PubSub extends AutoCloseable {

    /** Completes when Redis has confirmed the subscription: every message published afterwards reaches this node. */
    CompletableFuture<Void> subscribe(String topic);

    void unsubscribe(String topic);

    /** Completes once the connection of the topic has received everything Redis sent it before now. */
    CompletableFuture<?> barrier(String topic);

    /** Whether every connection is connected now (a dropped one reconnects by itself). */
    boolean connected();

    /**
     * Replaces each connection that did not receive the probe published to it last time (subscribing its topics on
     * the new one), then publishes the next probe to each.
     *
     * @return how many connections were replaced
     */
    int probe(ProbePublisher publisher);

    @Override
    void close();

    /** Publishes a probe through the command connection (PUBLISH, or SPUBLISH on a Cluster). */
    @FunctionalInterface
    interface ProbePublisher {

        /** @throws BusUnavailableException when Redis did not take it */
        void publish(String topic, String payload);
    }
}
