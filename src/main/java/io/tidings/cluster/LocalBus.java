package io.tidings.cluster;

import io.tidings.protocol.Position;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bus of a single node: offsets, history and idempotency keys in memory, the handler called on the publishing
 * thread under the channel's lock. It cannot reach other nodes, and a restart loses every history (the new epochs tell
 * clients so). Its memory follows the live channels: {@link #forgetIdle} drops channels nobody here subscribes to
 * whose whole history has expired; such a channel starts a new epoch when it is next used.
 */
public class LocalBus implements Bus {

    private static final Logger LOG = Logger.getLogger(LocalBus.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentMap<String, ChannelHistory> channels = new ConcurrentHashMap<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private final BusHandler handler;
    private final int historySize;
    private final long historyTtlMillis;

    public LocalBus(BusHandler handler, int historySize, long historyTtlSeconds) {
        this.handler = handler;
        this.historySize = Math.max(0, historySize);
        this.historyTtlMillis = historyTtlSeconds * 1000;
    }

    @Override
    public Accepted publish(Message message, PublishOptions options) {
        long now = System.currentTimeMillis();
        return withHistory(message.channel(), history -> {
            String key = options.idempotencyKey();
            if (key != null) {
                Accepted first = history.seen(key, now);
                if (first != null) {
                    return new Accepted(first.position(), true);
                }
            }
            long offset = options.ephemeral() ? 0 : history.next();
            String epoch = options.ephemeral() ? null : history.epoch();
            Entry entry = new Entry(message, offset, epoch, options, System.nanoTime());
            if (!options.ephemeral()) {
                history.append(entry);
            }
            Accepted accepted = new Accepted(options.ephemeral() ? null : history.position(), false);
            if (key != null) {
                history.remember(key, accepted, now);
            }
            handOff(entry);
            return accepted;
        });
    }

    private void handOff(Entry entry) {
        if (!subscribed.contains(entry.channel())) {
            return;
        }
        try {
            handler.handle(entry);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Handing off a publication of " + entry.channel() + " failed", e);
        }
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
    public History history(String channel, long since, int limit) {
        return withHistory(channel, history -> history.after(since, limit, System.currentTimeMillis()));
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        subscribed.add(channel);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unsubscribe(String channel) {
        subscribed.remove(channel);
        ChannelHistory history = channels.get(channel);
        if (history != null) {
            // a channel that was only looked at (subscribe, unsubscribe) holds nothing worth keeping: forget it now,
            // not at the next sweep, so unique names cannot pile up between sweeps
            forgetIfIdle(channel, history, System.currentTimeMillis());
        }
    }

    /** Forgets the channels nobody here subscribes to whose history and keys have all expired. */
    public void forgetIdle() {
        long now = System.currentTimeMillis();
        channels.forEach((channel, history) -> forgetIfIdle(channel, history, now));
    }

    private void forgetIfIdle(String channel, ChannelHistory history, long now) {
        synchronized (history) {
            if (!subscribed.contains(channel) && history.idle(now)) {
                history.forget();
                channels.remove(channel, history);
            }
        }
    }

    /** Channels held in memory. */
    int channelCount() {
        return channels.size();
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
