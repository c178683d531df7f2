package io.tidings.cluster;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.tidings.limits.ThrottledLog;
import io.tidings.protocol.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bus of many nodes over one Redis (single, watched by Sentinel, or a Cluster: {@link RedisConnections}). Each
 * publication is one Lua script (publish.lua): idempotency key, epoch, offset, the history stream and the PUBLISH
 * (SPUBLISH on a Cluster, where a channel's keys and topic share one slot) to every subscribed node happen atomically,
 * so every node hands the same publications to its handler with the same offsets, epoch and order. Position, recovery
 * and history are one script each (read.lua), atomic with the position. Publications reach the handler on a
 * {@link ChannelWorkers} thread chosen by channel, never on the Redis client's threads.
 *
 * <p>When a pub/sub connection drops and comes back (or follows Sentinel to a new master, or a Cluster slot to its
 * new node), its channels are subscribed again and what was published meanwhile is handed off from the history
 * before what follows. A pub/sub connection that stays open but delivers nothing (its probe goes unanswered) is
 * replaced the same way. When Redis loses a channel's state, the new epoch's entries carry it and a live
 * subscription starts again from their offsets (see {@code session.Subscription}): its client sees the gap and
 * recovers.
 */
public class RedisBus implements Bus, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());
    private static final RedisScript PUBLISH = RedisScript.named("publish.lua");
    private static final RedisScript READ = RedisScript.named("read.lua");

    private final BusHandler handler;
    private final RedisKeys keys;
    private final String prefix;
    private final Duration timeout;
    private final int historySize;
    private final long historyTtlSeconds;
    private final long metaTtlSeconds;
    private final RedisConnections connections;
    private final RedisScriptingAsyncCommands<String, String> redis;
    private final ChannelWorkers workers;
    private final PubSub pubSub;
    private final RedisNodeMessages nodeMessages;
    /** Node messages' own thread: their handlers may wait for Redis, which no channel's fan-out should. */
    private final ExecutorService nodeMessageWorker;

    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    /**
     * Per subscribed channel, the position of the last publication handed off (written on the channel's worker):
     * after a reconnect, what came after it is handed off from the history.
     */
    private final Map<String, Position> handedOff = new ConcurrentHashMap<>();
    /** Channels whose subscription Redis has confirmed since this node subscribed: a later confirmation is a return. */
    private final Set<String> confirmedOnce = ConcurrentHashMap.newKeySet();

    /** One line a second at most, however many channels a reconnect catches up. */
    private final ThrottledLog catchUps = new ThrottledLog(
            LOG, Level.INFO, "A pub/sub connection to Redis came back: channels caught up from the history");

    private final ThrottledLog resubscribes = new ThrottledLog(
            LOG, Level.INFO, "Redis confirmed this node's channels again after a pub/sub reconnection");

    private final ThrottledLog catchUpFailures =
            new ThrottledLog(LOG, "After a reconnect, channels could not be caught up; their clients see a gap");
    private final ThrottledLog stalls = new ThrottledLog(
            LOG, "A pub/sub connection to Redis stopped delivering (its probe went unanswered): replaced");
    private final BusCounters counters = new BusCounters();
    private final ScheduledExecutorService prober;
    private final ExecutorService sender;
    private volatile boolean reachable = true;

    private static final long CATCH_UP_RETRY_MILLIS = 250;
    private static final int CATCH_UP_ATTEMPTS = 40;

    /** How often Redis is pinged for {@link #reachable}. */
    private static final long PING_EVERY_MILLIS = 1000;

    /** Pings between two probes of the pub/sub connections: half the time a stall may last unnoticed. */
    private final int pingsPerProbe;

    private int pingsSinceProbe;

    /**
     * Connects to Redis.
     *
     * @throws IllegalArgumentException when the URL is not one this bus serves
     * @throws BusUnavailableException when Redis cannot be reached
     */
    public RedisBus(BusHandler handler, RedisBusSettings settings, ThreadFactory threads) {
        this(handler, message -> {}, "node-" + java.util.UUID.randomUUID(), settings, threads);
    }

    /**
     * Connects to Redis, and takes node messages for this node, named {@code node}, handing them to
     * {@code nodeHandler} on a worker thread.
     *
     * @throws IllegalArgumentException when the URL is not one this bus serves
     * @throws BusUnavailableException when Redis cannot be reached
     */
    public RedisBus(
            BusHandler handler,
            Consumer<NodeMessage> nodeHandler,
            String node,
            RedisBusSettings settings,
            ThreadFactory threads) {
        this.handler = handler;
        this.keys = new RedisKeys(settings.prefix());
        this.prefix = settings.prefix();
        this.timeout = settings.timeout();
        this.historySize = Math.max(0, settings.historySize());
        this.historyTtlSeconds = Math.max(1, settings.historyTtlSeconds());
        this.metaTtlSeconds = Math.max(historyTtlSeconds, settings.metaTtlSeconds());
        RedisUrl url = RedisUrl.parse(settings.url(), timeout);
        this.workers = new ChannelWorkers(settings.workers(), threads);
        this.sender = Executors.newSingleThreadExecutor(threads);
        this.pingsPerProbe = (int) Math.max(1, settings.probeSeconds() * 1000L / 2 / PING_EVERY_MILLIS);
        try {
            this.connections = new RedisConnections(
                    url,
                    timeout,
                    settings.pubSubConnections(),
                    new RedisConnections.Listeners(keys.probes(), this::received, this::subscribedAgain, sender));
        } catch (RuntimeException e) {
            workers.close();
            sender.shutdownNow();
            throw e;
        }
        this.redis = connections.scripts();
        this.pubSub = connections.pubSub();
        this.nodeMessageWorker = Executors.newSingleThreadExecutor(threads);
        this.nodeMessages = new RedisNodeMessages(node, keys, connections, timeout, nodeMessageWorker, nodeHandler);
        try {
            nodeMessages.listen();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.prober = Executors.newSingleThreadScheduledExecutor(threads);
        prober.scheduleWithFixedDelay(this::probe, PING_EVERY_MILLIS, PING_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("The bus runs over " + url.describe() + " with the prefix " + settings.prefix());
    }

    @Override
    public Accepted publish(Message message, PublishOptions options) {
        String channel = message.channel();
        String key = options.idempotencyKey();
        String[] names = key == null
                ? new String[] {keys.meta(channel), keys.history(channel)}
                : new String[] {keys.meta(channel), keys.history(channel), keys.idempotency(channel, key)};
        List<Object> answer = PUBLISH.run(
                redis,
                timeout,
                names,
                keys.topic(channel),
                options.ephemeral() ? "1" : "0",
                RedisEntries.body(message, options),
                Integer.toString(historySize),
                Long.toString(historyTtlSeconds),
                Long.toString(metaTtlSeconds),
                LocalBus.newEpoch(),
                connections.publishCommand());
        boolean repeated = (Long) answer.get(0) == 1;
        long offset = (Long) answer.get(1);
        return new Accepted(offset == 0 ? null : new Position(offset, (String) answer.get(2)), repeated);
    }

    @Override
    public Position position(String channel) {
        return read(channel, 0, 0).position();
    }

    @Override
    public Recovery recover(String channel, Position since) {
        if (since.offset() < 0) {
            return new Recovery(position(channel), false, List.of());
        }
        KeptHistory kept = read(channel, since.offset(), Integer.MAX_VALUE);
        Position current = kept.position();
        if (!current.epoch().equals(since.epoch()) || since.offset() > current.offset()) {
            return new Recovery(current, false, List.of());
        }
        boolean recovered = kept.reachesBackTo(since.offset());
        return new Recovery(current, recovered, recovered ? kept.events() : List.of());
    }

    @Override
    public Optional<Entry> latest(String channel) {
        List<Entry> events = read(channel, "last", 1).events();
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
    }

    @Override
    public History history(String channel, long since, int limit) {
        KeptHistory kept = read(channel, since, Math.max(1, limit));
        List<Entry> events = kept.events().size() > limit ? kept.events().subList(0, limit) : kept.events();
        return new History(kept.position(), kept.reachesBackTo(since), events);
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        subscribed.add(channel);
        Executor worker = workers.of(channel);
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            pubSub.subscribe(keys.topic(channel))
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    // whoever waits goes on to read the position: not on the Redis client's I/O thread
                    .whenComplete((ok, failure) -> worker.execute(() -> {
                        if (failure == null) {
                            confirmed.complete(null);
                        } else {
                            confirmed.completeExceptionally(
                                    RedisCalls.unavailable("to subscribe to " + channel, failure));
                        }
                    }));
        } catch (RedisException e) {
            confirmed.completeExceptionally(RedisCalls.unavailable("to subscribe to " + channel, e));
        }
        return confirmed;
    }

    @Override
    public void unsubscribe(String channel) {
        subscribed.remove(channel);
        confirmedOnce.remove(channel);
        workers.of(channel).execute(() -> {
            if (!subscribed.contains(channel)) {
                handedOff.remove(channel);
            }
        });
        pubSub.unsubscribe(keys.topic(channel));
    }

    /**
     * Completes once every publication of the channel that Redis sent this node before now has been handed off (or
     * dropped, the channel being unsubscribed): a barrier for tests and probes.
     */
    CompletableFuture<Void> handedOff(String channel) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pubSub.barrier(keys.topic(channel)).whenComplete((pong, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                workers.of(channel).execute(() -> done.complete(null));
            }
        });
        return done;
    }

    @Override
    public void close() {
        if (prober != null) {
            prober.shutdownNow(); // (null when the constructor failed before it)
        }
        connections.close();
        sender.shutdownNow();
        nodeMessageWorker.shutdownNow();
        workers.close();
    }

    @Override
    public boolean reachable() {
        return reachable;
    }

    @Override
    public Optional<RedisStore> store() {
        return Optional.of(new RedisStore(prefix, redis, timeout));
    }

    @Override
    public Optional<NodeMessages> nodeMessages() {
        return Optional.of(nodeMessages);
    }

    @Override
    public BusCounters counters() {
        return counters;
    }

    /**
     * Once a second: pings Redis (a change of {@link #reachable} is logged once) and, every {@link #pingsPerProbe}
     * pings while Redis answers, probes the pub/sub connections.
     */
    private void probe() {
        boolean answered;
        long started = System.nanoTime();
        try {
            answered = "PONG"
                            .equals(connections
                                    .ping()
                                    .toCompletableFuture()
                                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    && pubSub.connected();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            answered = false;
        }
        counters.roundTripMicros.set(answered ? (System.nanoTime() - started) / 1000 : -1);
        if (answered && ++pingsSinceProbe >= pingsPerProbe) {
            pingsSinceProbe = 0;
            try {
                probePubSub();
            } catch (RuntimeException e) {
                // a task that throws is never run again: the probe must go on
                LOG.log(Level.WARNING, "Probing the pub/sub connections failed", e);
            }
        }
        if (answered != reachable) {
            reachable = answered;
            if (answered) {
                LOG.info("Redis answers again: this node is ready");
            } else {
                LOG.warning("Redis does not answer: this node is not ready until it does");
            }
        }
    }

    /**
     * Probes the pub/sub connections: one that stays open but delivers nothing (e.g. to a Redis that a failover
     * demoted, or after Redis dropped its subscriptions) is replaced, its channels catching up from the history.
     */
    private void probePubSub() {
        int replaced = pubSub.probe(connections::publish);
        if (replaced > 0) {
            stalls.note(null);
            counters.stalls.add(replaced);
        }
    }

    /**
     * On the Redis client's I/O thread, when Redis confirms a subscription. The first confirmation is the node's own
     * subscribe; a later one is Lettuce subscribing again after the pub/sub connection dropped and came back: what
     * was published meanwhile is handed off from the history, on the channel's worker, before the messages that
     * follow (queued after it). What the history no longer holds shows as a gap in the offsets, which the clients
     * recover from.
     */
    private void subscribedAgain(String topic) {
        if (nodeMessages != null) {
            nodeMessages.subscribed(topic); // (null while the constructor subscribes it the first time)
        }
        String channel = keys.channelOf(topic);
        if (channel == null || !subscribed.contains(channel) || confirmedOnce.add(channel)) {
            return;
        }
        counters.resubscribed.increment();
        resubscribes.note(null);
        workers.of(channel).execute(() -> catchUp(channel, 1));
    }

    /**
     * On the channel's worker. A pub/sub connection can come back before the command connection does: a read that
     * fails is tried again every {@value #CATCH_UP_RETRY_MILLIS} ms, up to {@value #CATCH_UP_ATTEMPTS} times, as
     * what it would find may be all a quiet channel's subscribers will get for a while.
     */
    private void catchUp(String channel, int attempt) {
        if (!subscribed.contains(channel)) {
            return;
        }
        Position last = handedOff.get(channel);
        int caughtUp = 0;
        try {
            KeptHistory kept = read(channel, last == null ? 0 : last.offset(), Integer.MAX_VALUE);
            if (last != null && !kept.position().epoch().equals(last.epoch())) {
                // Redis lost the channel meanwhile: all of the new epoch is news
                last = null;
                kept = read(channel, 0, Integer.MAX_VALUE);
            }
            long after = last == null ? 0 : last.offset();
            for (Entry entry : kept.events()) {
                if (entry.offset() > after) {
                    deliver(channel, entry);
                    caughtUp++;
                }
            }
        } catch (BusUnavailableException e) {
            if (attempt < CATCH_UP_ATTEMPTS && retryLater(channel, attempt + 1)) {
                return;
            }
            counters.catchUpFailures.increment();
            catchUpFailures.note(e); // its clients see a gap in the offsets, when more comes, and recover
            return;
        }
        counters.caughtUp.add(caughtUp);
        int handed = caughtUp;
        LOG.fine(() -> "After a reconnect, " + channel + " caught up with " + handed + " publications");
        if (handed > 0) {
            catchUps.note(null);
        }
    }

    /** Whether a catch-up was scheduled again (not when the bus is closing). */
    private boolean retryLater(String channel, int attempt) {
        try {
            prober.schedule(
                    () -> workers.of(channel).execute(() -> catchUp(channel, attempt)),
                    CATCH_UP_RETRY_MILLIS,
                    TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** On the Redis client's I/O thread: note the time, hand the rest to the channel's worker. */
    private void received(String topic, String payload) {
        long receivedNanos = System.nanoTime();
        if (nodeMessages != null && nodeMessages.received(topic, payload)) {
            return;
        }
        String channel = keys.channelOf(topic);
        if (channel != null) {
            workers.of(channel).execute(() -> handOff(channel, payload, receivedNanos));
        }
    }

    private void handOff(String channel, String payload, long receivedNanos) {
        if (!subscribed.contains(channel)) {
            return; // sent before Redis processed our unsubscribe
        }
        Entry entry;
        try {
            entry = RedisEntries.published(channel, payload, receivedNanos);
        } catch (RuntimeException e) {
            counters.unreadable.increment();
            LOG.log(Level.WARNING, "Dropped a publication of " + channel + " this version cannot read", e);
            return;
        }
        Position last = handedOff.get(channel);
        if (last != null
                && entry.offset() > 0
                && entry.offset() <= last.offset()
                && entry.epoch().equals(last.epoch())) {
            return; // a catch-up from the history handed it off already
        }
        deliver(channel, entry);
    }

    /** On the channel's worker: hands an entry to the node's handler, remembering its offset. */
    private void deliver(String channel, Entry entry) {
        if (entry.offset() > 0) {
            handedOff.put(channel, new Position(entry.offset(), entry.epoch()));
        }
        try {
            handler.handle(entry);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Handing off a publication of " + channel + " failed", e);
        }
    }

    private KeptHistory read(String channel, long since, int limit) {
        return read(channel, Long.toString(since), limit);
    }

    /** @param since an offset, or {@code last} for the latest event only */
    private KeptHistory read(String channel, String since, int limit) {
        long oldestKept = System.currentTimeMillis() - historyTtlSeconds * 1000;
        List<Object> answer = READ.run(
                redis,
                timeout,
                new String[] {keys.meta(channel), keys.history(channel)},
                since,
                Integer.toString(limit),
                Long.toString(oldestKept),
                LocalBus.newEpoch(),
                Long.toString(metaTtlSeconds));
        String epoch = (String) answer.get(0);
        long readNanos = System.nanoTime();
        List<Entry> events = new ArrayList<>();
        for (Object kept : (List<?>) answer.get(3)) {
            List<?> idAndFields = (List<?>) kept;
            String id = (String) idAndFields.get(0);
            long offset = Long.parseLong(id, 0, id.indexOf('-'), 10);
            String body = (String) ((List<?>) idAndFields.get(1)).get(1);
            events.add(RedisEntries.kept(channel, offset, epoch, body, readNanos));
        }
        return new KeptHistory(new Position((Long) answer.get(1), epoch), (Long) answer.get(2), events);
    }

    /**
     * What read.lua answered.
     *
     * @param oldest the offset of the oldest event still kept, 0 when none is
     */
    private record KeptHistory(Position position, long oldest, List<Entry> events) {

        /** Whether every event after {@code since} is still kept. */
        boolean reachesBackTo(long since) {
            return since >= position.offset() || oldest > 0 && oldest <= since + 1;
        }
    }
}
