package io.tidings.cluster;

import io.tidings.delivery.EventFrame;
import io.tidings.delivery.Fanout;
import io.tidings.delivery.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bus of a single node: offsets and history in memory. It cannot reach other nodes, and a restart loses every
 * history (the new epochs tell clients so).
 */
@ApplicationScoped
public class LocalBus implements Bus {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentMap<String, ChannelHistory> channels = new ConcurrentHashMap<>();
    private Fanout fanout;
    private int historySize;
    private long historyTtlMillis;

    LocalBus() {}

    @Inject
    public LocalBus(
            Fanout fanout,
            @ConfigProperty(name = "tidings.history.size") int historySize,
            @ConfigProperty(name = "tidings.history.ttl.seconds") long historyTtlSeconds) {
        this.fanout = fanout;
        this.historySize = Math.max(0, historySize);
        this.historyTtlMillis = historyTtlSeconds * 1000;
    }

    @Override
    public Position publish(Publication publication) {
        return withHistory(publication.channel(), history -> {
            long offset = history.next();
            String frame = EventFrame.serialize(publication, offset);
            history.append(new Logged(offset, publication.ts(), frame));
            fanout.deliver(publication.channel(), offset, frame);
            return history.position();
        });
    }

    @Override
    public Position position(String channel) {
        return withHistory(channel, ChannelHistory::position);
    }

    @Override
    public Recovery recover(String channel, Position since) {
        return withHistory(channel, history -> history.since(since, System.currentTimeMillis()));
    }

    @Override
    public void forgetIdle(Predicate<String> inUse) {
        long now = System.currentTimeMillis();
        channels.forEach((channel, history) -> {
            synchronized (history) {
                if (history.idle(now) && !inUse.test(channel)) {
                    history.forget();
                    channels.remove(channel, history);
                }
            }
        });
    }

    /** Runs {@code action} holding the channel's history, looking again if it was forgotten meanwhile. */
    private <T> T withHistory(String channel, Function<ChannelHistory, T> action) {
        while (true) {
            ChannelHistory history = channels.computeIfAbsent(
                    channel, c -> new ChannelHistory(newEpoch(), historySize, historyTtlMillis));
            synchronized (history) {
                if (!history.forgotten()) {
                    return action.apply(history);
                }
            }
        }
    }

    static String newEpoch() {
        return Long.toString(RANDOM.nextLong() >>> 1, 36);
    }
}
