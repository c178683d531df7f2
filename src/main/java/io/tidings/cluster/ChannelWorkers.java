package io.tidings.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * A few single-thread executors on which publications from Redis are handed to the node's handler, off the Redis
 * client's I/O threads. A channel always goes to the same one, so its publications keep their order.
 */
final class ChannelWorkers implements AutoCloseable {

    private final List<ExecutorService> workers = new ArrayList<>();

    ChannelWorkers(int count, ThreadFactory threads) {
        for (int i = 0; i < Math.max(1, count); i++) {
            workers.add(Executors.newSingleThreadExecutor(threads));
        }
    }

    Executor of(String channel) {
        return workers.get(Math.floorMod(channel.hashCode(), workers.size()));
    }

    @Override
    public void close() {
        workers.forEach(ExecutorService::shutdownNow);
    }
}
