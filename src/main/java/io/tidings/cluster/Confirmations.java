package io.tidings.cluster;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The subscribes of a pub/sub path waiting for Redis to confirm them, per topic in the order they were sent (Redis
 * confirms each SUBSCRIBE of a topic in order), and whoever is told of every confirmation.
 */
final class Confirmations {

    private final Consumer<String> onSubscribed;
    private final Map<String, Queue<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    /** @param onSubscribed told of every confirmation, also of those nobody waits for (a resubscribe) */
    Confirmations(Consumer<String> onSubscribed) {
        this.onSubscribed = onSubscribed;
    }

    /** A subscribe of the topic is about to be sent: the stage completes when Redis confirms it. */
    CompletableFuture<Void> expect(String topic) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        waiting.compute(topic, (name, queue) -> {
            Queue<CompletableFuture<Void>> subscribes = queue == null ? new ConcurrentLinkedQueue<>() : queue;
            subscribes.add(confirmed);
            return subscribes;
        });
        return confirmed;
    }

    /** Redis confirmed a subscription to the topic (on the I/O thread, before any message of it). */
    void confirmed(String topic) {
        onSubscribed.accept(topic);
        AtomicReference<CompletableFuture<Void>> oldest = new AtomicReference<>();
        waiting.computeIfPresent(topic, (name, queue) -> {
            oldest.set(queue.poll());
            return queue.isEmpty() ? null : queue;
        });
        if (oldest.get() != null) {
            oldest.get().complete(null);
        }
    }

    /** Fails every subscribe of the topic still waiting. */
    void failed(String topic, Throwable failure) {
        Queue<CompletableFuture<Void>> subscribes = waiting.remove(topic);
        if (subscribes != null) {
            subscribes.forEach(subscribe -> subscribe.completeExceptionally(failure));
        }
    }

    void failAll() {
        waiting.keySet().forEach(topic -> failed(topic, new BusUnavailableException("the bus closed", null)));
    }
}
