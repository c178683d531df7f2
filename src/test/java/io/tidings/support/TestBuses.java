package io.tidings.support;

import io.tidings.cluster.BusHandler;
import io.tidings.cluster.NodeMessage;
import io.tidings.cluster.RedisBus;
import io.tidings.cluster.RedisBusSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The {@link RedisBus} nodes of a test, each with its own name, on daemon threads, all closed with it (annotate the
 * field {@code @AutoClose}).
 */
public final class TestBuses implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final AtomicInteger NODES = new AtomicInteger();
    private static final ThreadFactory DAEMONS = task -> {
        Thread thread = new Thread(task, "bus-worker-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    };

    private final List<RedisBus> open = new ArrayList<>();

    /**
     * Settings for tests: a 2 s timeout, history of {@code historySize} kept 300 s, two pub/sub connections, two
     * workers, a probe every 2 s.
     */
    public static RedisBusSettings settings(String url, String prefix, int historySize) {
        return new RedisBusSettings(url, prefix, Duration.ofSeconds(2), historySize, 300, 3600, 2, 2, 2);
    }

    public RedisBus open(BusHandler handler, RedisBusSettings settings) {
        return open(handler, message -> {}, "node-" + NODES.incrementAndGet(), settings);
    }

    public RedisBus open(BusHandler handler, Consumer<NodeMessage> messages, String node, RedisBusSettings settings) {
        RedisBus bus = new RedisBus(handler, messages, node, settings, DAEMONS);
        open.add(bus);
        return bus;
    }

    @Override
    public void close() {
        open.forEach(RedisBus::close);
        open.clear();
    }
}
