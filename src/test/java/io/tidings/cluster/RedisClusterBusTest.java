package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.support.RedisCluster;
import io.tidings.support.TestBuses;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisBus} on a real Redis Cluster of three masters: the contract, with each channel's keys in one slot and
 * its publications over sharded pub/sub from the node that owns the slot, and two nodes over channels spread on every
 * master.
 */
class RedisClusterBusTest extends BusContract {

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

    @AutoClose
    private static RedisCluster redis;

    private final String prefix = "cluster" + DEPLOYMENTS.incrementAndGet() + ":";

    @AutoClose
    private final TestBuses buses = new TestBuses();

    @BeforeAll
    static void start() {
        redis = RedisCluster.start();
    }

    @Override
    protected Bus newBus(int historySize) {
        return node(delivered, historySize);
    }

    @Override
    protected void settle(Bus bus, String channel) {
        try {
            ((RedisBus) bus).handedOff(channel).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the hand-offs of " + channel + " did not settle", e);
        }
    }

    @Test
    void channelsOnEveryMasterReachTheOtherNodeWithTheirOffsets() throws Exception {
        HandedOff other = new HandedOff();
        RedisBus one = node(delivered, 10);
        RedisBus two = node(other, 10);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            channels.add("ticker:C" + i);
        }
        for (String channel : channels) {
            two.subscribe(channel).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        List<Long> offsets = new ArrayList<>();
        for (String channel : channels) {
            publish(one, channel, 1);
            offsets.add(publish(one, channel, 2).position().offset());
        }
        other.await(2 * channels.size());
        for (int i = 0; i < channels.size(); i++) {
            String channel = channels.get(i);
            List<Long> received = other.entries().stream()
                    .filter(entry -> entry.channel().equals(channel))
                    .map(Entry::offset)
                    .toList();
            assertEquals(List.of(offsets.get(i) - 1, offsets.get(i)), received, channel);
        }
    }

    private RedisBus node(BusHandler handler, int historySize) {
        return buses.open(handler, TestBuses.settings(redis.url(), prefix, historySize));
    }
}
